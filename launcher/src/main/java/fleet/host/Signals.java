package fleet.host;

import java.util.List;

import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP as ordinary events instead of a JVM shutdown. A shutdown hook cannot
 * choose the exit code and runs while the JVM is already tearing down; a signal handler lets the
 * main thread stop the fleet in order and return 0 through {@code main}.
 */
public final class Signals {

    private static final List<String> TERMINATING = List.of("INT", "TERM", "HUP");

    private Signals() {
    }

    /** Calls {@code handler} with the signal's name each time one of them arrives. */
    public static void onTermination(java.util.function.Consumer<String> handler) {
        for (String name : TERMINATING) {
            try {
                Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()));
            } catch (IllegalArgumentException e) {
                // this platform has no such signal (e.g. HUP on Windows)
            }
        }
    }
}
