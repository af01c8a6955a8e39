package fleet.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * fleet's own diagnostic log, {@code <work-dir>/logs/fleet.log}: java.util.logging, which the
 * libraries fleet uses (HikariCP, Java-WebSocket, embedded PostgreSQL through SLF4J) also write to.
 * The console shows only fleet's own lines.
 */
public final class FleetLog {

    private static final int LIMIT_BYTES = 10 * 1024 * 1024;

    private FleetLog() {
    }

    public static void configure(Path logsDir, boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(verbose ? Level.FINE : Level.INFO);
        try {
            Files.createDirectories(logsDir);
            Handler file = new FileHandler(logsDir.resolve("fleet.%g.log").toString(), LIMIT_BYTES, 3, true);
            file.setFormatter(new LineFormatter());
            file.setLevel(Level.ALL);
            root.addHandler(file);
        } catch (IOException e) {
            Console.stderr().warn("cannot write " + logsDir.resolve("fleet.0.log") + " (" + e.getMessage()
                    + "); fleet's diagnostic log is off");
        }
    }

    public static Logger logger(Class<?> type) {
        return Logger.getLogger(type.getName());
    }

    /** One line per record: time, level, logger, message, then the stack trace if any. */
    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder().append(record.getInstant()).append(' ').append(record.getLevel())
                    .append(' ').append(record.getLoggerName()).append(": ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
