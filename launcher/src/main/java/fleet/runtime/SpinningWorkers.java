package fleet.runtime;

import java.util.function.Predicate;

import fleet.host.JvmFlags;

/**
 * OpenEMS's worker threads ({@code io.openems.common.worker.AbstractWorker}) burn a core for about
 * a second after their component is deactivated: the interrupt lands in the worker's exception
 * sleep, which passes seconds to {@code Thread.sleep} as milliseconds and then spins on the clock
 * until the second is over. Nothing waits for these threads; they end by themselves. But 50 edges
 * stopping at once set off thousands of them, and they take both cores from the threads that do
 * the stopping (measured: most of the Java CPU during a 50-edge stop, and a stop well past the grace).
 *
 * <p>So before a whole-fleet stop, fleet lowers the OS priority of every such thread: it gives them
 * the Java priority that the hosting JVM maps to nice 19 and nothing else
 * uses ({@link JvmFlags#DEMOTED_PRIORITY}). Lowering a nice value needs no privilege; raising it back
 * would, which is why this is only done to threads that are about to end.
 */
final class SpinningWorkers {

    /** The class of AbstractWorker's thread (an anonymous subclass of Thread). */
    static final String OPENEMS_WORKER_THREAD = "io.openems.common.worker.AbstractWorker$1";
    static final int DEMOTED_PRIORITY = JvmFlags.DEMOTED_PRIORITY;

    private final Predicate<Thread> isWorker;

    private SpinningWorkers(Predicate<Thread> isWorker) {
        this.isWorker = isWorker;
    }

    static SpinningWorkers openems() {
        return new SpinningWorkers(SpinningWorkers::isOpenemsWorker);
    }

    static boolean isOpenemsWorker(Thread thread) {
        return OPENEMS_WORKER_THREAD.equals(thread.getClass().getName());
    }

    /** For tests: the threads this predicate accepts count as workers. */
    static SpinningWorkers matching(Predicate<Thread> isWorker) {
        return new SpinningWorkers(isWorker);
    }

    /** Lowers every live worker thread that is not lowered yet; returns how many it lowered. */
    int demote() {
        int lowered = 0;
        for (Thread thread : LiveThreads.all()) {
            if (thread.getPriority() != DEMOTED_PRIORITY && isWorker.test(thread)) {
                try {
                    thread.setPriority(DEMOTED_PRIORITY);
                    lowered++;
                } catch (RuntimeException e) {
                    // ended meanwhile, or its thread group caps priorities: it stays as it is
                }
            }
        }
        return lowered;
    }
}
