package fleet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fleet's console (stdout and stderr merged) line by line into a log file and notes when
 * fleet says that all edges are started and online, with fleet's own figures from those lines.
 */
final class FleetConsole {

    static final Pattern STARTED = Pattern.compile("(\\d+) of (\\d+) edges started in ([\\d.]+) s");
    static final Pattern ONLINE = Pattern.compile("(\\d+) of (\\d+) edges online (?:and healthy )?after (\\d+) s");
    static final Pattern NOT_ONLINE = Pattern.compile("\\d+ of \\d+ edges not online (?:and healthy )?after \\d+ s");

    private final long origin;
    private volatile long startedAtNanos = -1;
    private volatile double startedSeconds = Double.NaN;
    private volatile int startedActive;
    private volatile int startedTotal;
    private volatile long onlineAtNanos = -1;
    private volatile double onlineSeconds = Double.NaN;
    private volatile String notOnline;

    /** @param origin System.nanoTime() the wall times are counted from */
    FleetConsole(long origin) {
        this.origin = origin;
    }

    /** Copies {@code in} to {@code log} on a daemon thread until the stream ends. */
    Thread pump(InputStream in, Path log) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    accept(line, System.nanoTime());
                    out.println(line);
                }
            } catch (IOException e) {
                // the process ended or the log cannot be written: the waits notice the first
            }
        }, "bench-console");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    void accept(String line, long now) {
        Matcher started = STARTED.matcher(line);
        if (started.find() && startedAtNanos < 0) {
            startedActive = Integer.parseInt(started.group(1));
            startedTotal = Integer.parseInt(started.group(2));
            startedSeconds = Double.parseDouble(started.group(3));
            startedAtNanos = now - origin;
            return;
        }
        Matcher online = ONLINE.matcher(line);
        if (online.find() && onlineAtNanos < 0) {
            onlineSeconds = Double.parseDouble(online.group(3));
            onlineAtNanos = now - origin;
            return;
        }
        if (NOT_ONLINE.matcher(line).find()) {
            notOnline = line.trim();
        }
    }

    boolean started() {
        return startedAtNanos >= 0;
    }

    boolean allStarted() {
        return started() && startedActive == startedTotal;
    }

    String startedSummary() {
        return startedActive + " of " + startedTotal + " edges started";
    }

    boolean online() {
        return onlineAtNanos >= 0;
    }

    /** fleet's "N of N edges not online" line, or null. */
    String notOnline() {
        return notOnline;
    }

    double startedWallSeconds() {
        return startedAtNanos < 0 ? Double.NaN : startedAtNanos / 1e9;
    }

    double startedFleetSeconds() {
        return startedSeconds;
    }

    double onlineWallSeconds() {
        return onlineAtNanos < 0 ? Double.NaN : onlineAtNanos / 1e9;
    }

    /** fleet counts "online after" from the end of the start; added up, both count from the frameworks' start. */
    double onlineFleetSeconds() {
        return startedSeconds + onlineSeconds;
    }
}
