package fleet.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * All frameworks share one System.out, one System.err and one java.util.logging. This routes what
 * an edge's code prints or logs through them to that edge's {@code logs/console.log}: the first
 * bundle class on the calling thread's stack decides the edge (also once that bundle has stopped: its
 * threads may still print on their way out). Anything from outside a bundle passes
 * through unchanged, so fleet's own output and log stay where they were. (OpenEMS itself logs
 * through pax-logging, which each framework has for itself; this catches the rest.)
 */
final class EdgeConsoles {

    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static Handler julHandler;

    private EdgeConsoles() {
    }

    static synchronized void install(Function<String, RotatingLog> logOfEdge) {
        if (originalOut != null) {
            return;
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Router(originalOut, logOfEdge), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router(originalErr, logOfEdge), true, StandardCharsets.UTF_8));
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            Filter previous = handler.getFilter();
            handler.setFilter(record -> edgeLog(logOfEdge) == null && (previous == null || previous.isLoggable(record)));
        }
        julHandler = new JulRouter(logOfEdge);
        root.addHandler(julHandler);
    }

    /** The console log of the edge whose code is running on this thread, or null outside any edge. */
    private static RotatingLog edgeLog(Function<String, RotatingLog> logOfEdge) {
        return FrameworkScopedProperties.callingFramework()
                .map(framework -> framework.apply(FrameworkProperties.EDGE_NAME))
                .map(logOfEdge)
                .orElse(null);
    }

    static synchronized void uninstall() {
        if (originalOut == null) {
            return;
        }
        System.setOut(originalOut);
        System.setErr(originalErr);
        Logger root = Logger.getLogger("");
        root.removeHandler(julHandler);
        for (Handler handler : root.getHandlers()) {
            handler.setFilter(null);
        }
        julHandler = null;
        originalOut = null;
        originalErr = null;
    }

    private static final class Router extends OutputStream {

        private final PrintStream fallback;
        private final Function<String, RotatingLog> logOfEdge;

        Router(PrintStream fallback, Function<String, RotatingLog> logOfEdge) {
            this.fallback = fallback;
            this.logOfEdge = logOfEdge;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            RotatingLog log = edgeLog(logOfEdge);
            if (log != null) {
                log.write(bytes, offset, length);
            } else {
                fallback.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            fallback.flush();
        }
    }

    /** java.util.logging records from an edge's code, appended to that edge's console log. */
    private static final class JulRouter extends Handler {

        private final Function<String, RotatingLog> logOfEdge;
        private final Formatter formatter = new SimpleFormatter();

        JulRouter(Function<String, RotatingLog> logOfEdge) {
            this.logOfEdge = logOfEdge;
        }

        @Override
        public void publish(LogRecord record) {
            RotatingLog log = edgeLog(logOfEdge);
            if (log != null) {
                byte[] line = (record.getInstant() + " " + record.getLevel() + " " + record.getLoggerName() + ": "
                        + formatter.formatMessage(record) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
                log.write(line, 0, line.length);
                if (record.getThrown() != null) {
                    PrintStream trace = new PrintStream(log, true, StandardCharsets.UTF_8);
                    record.getThrown().printStackTrace(trace);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
