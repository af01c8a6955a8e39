package fleet.runtime;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import org.apache.felix.framework.Logger;

/**
 * Felix's own log (bundle start failures, resolver errors) for one edge, written to that edge's
 * console log instead of the shared System.out.
 */
final class EdgeLogger extends Logger {

    private static final String[] LEVELS = {"", "ERROR", "WARNING", "INFO", "DEBUG"};

    private final PrintStream out;

    EdgeLogger(RotatingLog log) {
        this.out = new PrintStream(log, true, StandardCharsets.UTF_8);
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String label = level > 0 && level < LEVELS.length ? LEVELS[level] : "LOG";
        String source = bundle != null ? " [" + bundle.getSymbolicName() + "]" : sr != null ? " [" + sr + "]" : "";
        synchronized (out) {
            out.println(LocalDateTime.now() + " felix " + label + source + ": " + msg);
            if (throwable != null) {
                throwable.printStackTrace(out);
            }
        }
    }
}
