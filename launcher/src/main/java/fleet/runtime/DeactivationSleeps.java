package fleet.runtime;

import java.util.Set;

/**
 * OpenEMS's Modbus/TCP API ends its deactivation with a 10-s sleep ("wait until modbus slave was
 * completely closed"), so that an activation right after it finds the port free. Felix stops an
 * edge's bundles one after the other, so that sleep comes on top of everything else in every
 * edge's stop, and with 50 edges sharing two cores the rest takes long enough that the whole stop
 * ran past the grace. At a whole-fleet stop nothing binds those ports again (the JVM ends), so
 * fleet interrupts exactly that sleep; OpenEMS catches the interrupt and logs one warning in the
 * edge's log. A single edge's stop or restart keeps the sleep: there the port is bound again.
 */
final class DeactivationSleeps {

    /** {@code class.method} of the deactivations that end with such a sleep. */
    static final Set<String> OPENEMS = Set.of("io.openems.edge.controller.api.modbus.AbstractModbusApi.deactivate");

    /** How deep below {@code Thread.sleep} the deactivation may be (sleep's own frames come first). */
    private static final int MAX_DEPTH = 4;

    private final Set<String> sleepingMethods;

    DeactivationSleeps(Set<String> sleepingMethods) {
        this.sleepingMethods = Set.copyOf(sleepingMethods);
    }

    static DeactivationSleeps openems() {
        return new DeactivationSleeps(OPENEMS);
    }

    /** Interrupts every thread that sleeps in one of the methods now; returns how many. */
    int interrupt() {
        int interrupted = 0;
        for (Thread thread : LiveThreads.all()) {
            if (thread.getState() == Thread.State.TIMED_WAITING && mayDeactivate(thread) && sleepsInside(thread)) {
                thread.interrupt();
                interrupted++;
            }
        }
        return interrupted;
    }

    /**
     * The threads Felix and its SCR deactivate components on: the start-level thread at a framework
     * stop, SCR's actor, ConfigAdmin's updater. Only their stacks are read, which keeps this cheap
     * with thousands of threads in the JVM.
     */
    private static boolean mayDeactivate(Thread thread) {
        String name = thread.getName();
        return name.startsWith("Felix") || name.startsWith("SCR") || name.startsWith("CM ")
                // Equinox: its start-level thread and the thread that stops a framework
                || name.startsWith("Start Level: ") || name.startsWith("Framework stop - ")
                // fleet's own stop crew (EdgeRuntime.stopAll)
                || name.startsWith(EdgeRuntime.STOP_CREW_NAME);
    }

    private boolean sleepsInside(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length == 0 || !isSleep(stack[0])) {
            return false;
        }
        for (int i = 1; i < Math.min(stack.length, MAX_DEPTH + 1); i++) {
            if (sleepingMethods.contains(stack[i].getClassName() + "." + stack[i].getMethodName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSleep(StackTraceElement top) {
        return top.getClassName().equals(Thread.class.getName()) && top.getMethodName().startsWith("sleep");
    }
}
