package fleet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the harness started, so that all of them — and what they started in turn (fleet's
 * hosting JVM, its PostgreSQL) — end when a run ends, fails, or is interrupted with Ctrl-C. Only
 * these processes are ever signalled; nothing is looked up by name.
 */
final class StartedProcesses {

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    boolean closing() {
        return closing;
    }

    Process start(ProcessBuilder builder) {
        if (closing) {
            throw BenchException.failure("stopping: no new processes");
        }
        try {
            Process process = builder.start();
            live.add(process);
            return process;
        } catch (IOException e) {
            throw BenchException.failure("cannot start " + builder.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks the processes to stop (SIGTERM: fleet stops its edges in order, an edge JVM runs its
     * shutdown hooks), waits up to {@code grace} for them and every descendant they had, then
     * kills what is left.
     *
     * @return true if all ended within the grace period
     */
    boolean stop(Collection<Process> processes, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>();
        for (Process process : processes) {
            process.descendants().forEach(family::add);
            family.add(process.toHandle());
        }
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (ProcessHandle handle : family) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!waitFor(handle, left)) {
                clean = false;
            }
        }
        if (!clean) {
            family.forEach(ProcessHandle::destroyForcibly);
            family.forEach(handle -> waitFor(handle, Duration.ofSeconds(10).toNanos()));
        }
        live.removeAll(processes);
        return clean;
    }

    /** Ctrl-C, SIGTERM or the end of main: nothing started here outlives the harness. */
    void stopAll(Duration grace) {
        closing = true;
        List<Process> all = new ArrayList<>(live);
        if (!all.isEmpty()) {
            stop(all, grace);
        }
    }

    private static boolean waitFor(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        }
    }
}
