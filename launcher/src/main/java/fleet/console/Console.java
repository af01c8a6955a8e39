package fleet.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * fleet's own lines for its user. Writes straight to the process's file descriptors, so that what
 * the hosted frameworks print (they share System.out) can be routed elsewhere without silencing
 * fleet. Lines are prefixed so that they stand out from anything else on the terminal.
 */
public final class Console {

    private static final Console STDOUT = new Console(
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    private static final Console STDERR = new Console(
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    private static final boolean TERMINAL = detectTerminal();

    private final PrintStream stream;

    private Console(PrintStream stream) {
        this.stream = stream;
    }

    public static Console stdout() {
        return STDOUT;
    }

    public static Console stderr() {
        return STDERR;
    }

    /** fleet's lines into another stream, e.g. one a test reads. */
    public static Console to(PrintStream stream) {
        return new Console(stream);
    }

    /** True when a person is watching: progress bars and colours instead of plain lines. */
    public static boolean isTerminal() {
        return TERMINAL;
    }

    public PrintStream stream() {
        return stream;
    }

    public void info(String line) {
        stream.println("fleet: " + line);
    }

    public void warn(String line) {
        stream.println("fleet: warning: " + line);
    }

    public void error(String line) {
        stream.println("fleet: " + line);
    }

    /** A line without prefix, e.g. a table row. */
    public void plain(String line) {
        stream.println(line);
    }

    private static boolean detectTerminal() {
        if ("dumb".equals(System.getenv("TERM")) || System.getenv("FLEET_PLAIN_OUTPUT") != null) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        // Java 22+ returns a Console even when output is redirected; isTerminal() tells the truth there.
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
