package fleet.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * All frameworks share one System.out and System.err. This routes what an edge's code prints to
 * that edge's {@code logs/console.log}: the first bundle class on the printing thread's stack
 * decides the edge. Anything printed outside a bundle passes through unchanged, so fleet's own
 * output and the JVM's stay where they were.
 */
final class EdgeConsoles {

    private static PrintStream originalOut;
    private static PrintStream originalErr;

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
    }

    static synchronized void uninstall() {
        if (originalOut == null) {
            return;
        }
        System.setOut(originalOut);
        System.setErr(originalErr);
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
            RotatingLog log = FrameworkScopedProperties.callingBundleContext()
                    .map(context -> context.getProperty(FrameworkProperties.EDGE_NAME))
                    .map(logOfEdge)
                    .orElse(null);
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
}
