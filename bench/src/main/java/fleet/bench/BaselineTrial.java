package fleet.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The container-per-edge baseline: the same N edges as N separate JVMs of the edge application
 * itself ({@code java -Xmx256m -jar JAR}), each in its own scratch directory with its own config.d
 * from {@code fleet generate}, started together as {@code docker compose up} would. The -D flags
 * stand in for what an image sets. Every JVM's {@code java.io.tmpdir} is inside its directory,
 * so the bnd launcher's unpacked framework ({@code osgi.*.fw}, {@code resource*.jar}) lands
 * there and goes with it, even if a JVM has to be killed.
 */
final class BaselineTrial {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(3);

    private final Setup setup;
    private final BenchOptions options;

    BaselineTrial(Setup setup) {
        this.setup = setup;
        this.options = setup.options();
    }

    TrialResult run(int n) {
        Path dir = setup.scratchDir().resolve("baseline-" + n);
        Setup.deleteTree(dir);
        Setup.createDirectories(dir);
        Path logs = Setup.createDirectories(setup.logsDir().resolve("baseline-" + n));
        double loadBefore = ProcFs.loadAverage()[0];
        double loadAfter = Double.NaN;
        List<String> notes = new ArrayList<>();
        TrialResult.Timings timings = TrialResult.Timings.NONE;
        TrialResult.Footprint footprint = TrialResult.Footprint.NONE;
        List<Process> jvms = new ArrayList<>();
        try {
            Path configs = generate(n, dir, logs);
            int first = options.fleetArgs().firstIndex();
            List<ProcessBuilder> builders = new ArrayList<>();
            List<CycleProbe.Edge> edges = new ArrayList<>();
            for (int i = first; i < first + n; i++) {
                String name = "edge" + i;
                Path edge = dir.resolve(name);
                Path console = logs.resolve(name + ".txt");
                builders.add(edgeJvm(configs.resolve("config-" + name), edge, console));
                edges.add(new CycleProbe.Edge(name, List.of(console), edge.resolve("data")));
            }
            setup.say("baseline N=" + n + ": " + String.join(" ", builders.get(0).command()) + (n > 1 ? " (and " + (n - 1) + " more)" : ""));
            long origin = System.nanoTime();
            for (ProcessBuilder builder : builders) {
                jvms.add(setup.processes().start(builder));
            }
            CycleProbe probe = new CycleProbe(options.cyclePattern(), edges, origin);
            waitCycled(jvms, probe, logs);
            timings = new TrialResult.Timings(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    probe.allCycledAfter().getAsLong() / 1e9, probe.cycledCount(), n);
            setup.say(String.format("baseline N=%d: all cycled after %.1f s; settling %d s", n, timings.cycledWallS(),
                    options.settle().toSeconds()));
            sleepWhileAlive(jvms, options.settle(), logs);
            setup.say("baseline N=" + n + ": steady window " + options.steady().toSeconds() + " s");
            List<Long> pids = jvms.stream().map(Process::pid).toList();
            SteadyWindow steady = SteadyWindow.measure(pids, options.steady());
            loadAfter = ProcFs.loadAverage()[0];
            long pss = pids.stream().mapToLong(ProcFs::pssKib).sum();
            List<Jcmd.Internals> internals = new ArrayList<>();
            for (long pid : pids) {
                internals.add(setup.jcmd().inspect(pid));
            }
            footprint = TrialResult.Footprint.of(steady, pss, Jcmd.Internals.sum(internals));
        } catch (BenchException e) {
            if (setup.stopping()) {
                notes.add("baseline " + n + ": interrupted");
            } else {
                notes.add("baseline " + n + ": " + e.getMessage());
                setup.say("baseline N=" + n + " FAILED: " + e.getMessage());
            }
        } finally {
            if (!jvms.isEmpty()) {
                long stopping = System.nanoTime();
                if (!setup.processes().stop(jvms, STOP_GRACE)) {
                    notes.add("baseline " + n + ": some edge JVMs did not stop within " + STOP_GRACE.toSeconds()
                            + " s of SIGTERM; killed");
                }
                setup.say(String.format("baseline N=%d: stopped in %.1f s", n, (System.nanoTime() - stopping) / 1e9));
            }
            setup.discard(dir);
        }
        return new TrialResult(n, TrialResult.Run.BASELINE, timings, footprint, loadBefore, loadAfter,
                "-Xmx" + options.baselineXmx(), notes);
    }

    /**
     * {@code fleet generate}: one config.d per edge from the same template fleet renders, every edge
     * with the debug log (its first line marks the first cycle), the backend at a port where nothing
     * listens: the baseline measures cost, not connectivity.
     */
    private Path generate(int n, Path dir, Path logs) {
        Path out = dir.resolve("generated");
        List<String> command = new ArrayList<>(List.of(setup.java().toString(), "-jar", options.fleetJar().toString(),
                "generate", "--edges", Integer.toString(n), "--out", out.toString(), "--debug-log-edges", Integer.toString(n),
                "--backend", "ws://127.0.0.1:" + closedPort(), "--port-base", Integer.toString(options.portBase())));
        for (String shared : List.of("--template", "--port-stride", "--first-index")) {
            options.fleetArgs().value(shared).ifPresent(value -> {
                command.add(shared);
                command.add(value);
            });
        }
        Path log = logs.resolve("generate.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process generate = setup.processes().start(builder);
        try {
            if (!generate.waitFor(GENERATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                setup.processes().stop(List.of(generate), Duration.ofSeconds(5));
                throw BenchException.failure("fleet generate did not finish within " + GENERATE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BenchException.failure("interrupted during fleet generate", e);
        }
        setup.processes().stop(List.of(generate), Duration.ofSeconds(1));
        if (generate.exitValue() != 0) {
            throw BenchException.failure("fleet generate failed (exit " + generate.exitValue() + "): " + tail(log));
        }
        return out;
    }

    private ProcessBuilder edgeJvm(Path config, Path edge, Path console) {
        Path run = Setup.createDirectories(edge.resolve("run"));
        Path data = Setup.createDirectories(edge.resolve("data"));
        Path tmp = Setup.createDirectories(edge.resolve("tmp"));
        List<String> command = List.of(setup.java().toString(), "-Xmx" + options.baselineXmx(),
                "-Dfelix.cm.dir=" + config, "-Dopenems.data.dir=" + data, "-Djava.io.tmpdir=" + tmp,
                "-jar", options.edgeApp().toString());
        // The edge deletes *.log in its working directory every 5 minutes: it runs in run/, its output goes elsewhere.
        ProcessBuilder builder = new ProcessBuilder(command).directory(run.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        return builder;
    }

    private void waitCycled(List<Process> jvms, CycleProbe probe, Path logs) {
        long deadline = System.nanoTime() + options.onlineTimeout().toNanos();
        while (!probe.allCycled()) {
            probe.poll();
            checkAlive(jvms, logs);
            if (System.nanoTime() > deadline && !probe.allCycled()) {
                throw BenchException.failure(probe.cycledCount() + " of " + jvms.size() + " edge JVMs seen cycling within "
                        + options.onlineTimeout().toSeconds() + " s (" + options.cyclePattern() + " in their output under "
                        + logs + "); not yet: " + FleetTrial.abbreviate(probe.notCycled()));
            }
            Setup.sleep(100);
        }
    }

    private void sleepWhileAlive(List<Process> jvms, Duration duration, Path logs) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            checkAlive(jvms, logs);
            Setup.sleep(Math.min(500, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static void checkAlive(List<Process> jvms, Path logs) {
        for (int i = 0; i < jvms.size(); i++) {
            Process jvm = jvms.get(i);
            if (!jvm.isAlive()) {
                List<Path> consoles = consoles(logs);
                throw BenchException.failure("an edge JVM ended with exit code " + jvm.exitValue() + " (see " + logs + ")"
                        + (i < consoles.size() ? ": " + tail(consoles.get(i)) : ""));
            }
        }
    }

    /** The edges' output files in start order (edge<i>.txt sorted by i). */
    private static List<Path> consoles(Path logs) {
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().matches("edge\\d+\\.txt"))
                    .sorted(java.util.Comparator.comparingInt(
                            f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A port on 127.0.0.1 where nothing listens once this returns. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw BenchException.failure("cannot find a free port: " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
