package fleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the edges cycle in the steady window: the work of each cycle ({@code _cycle/MeasuredCycleTime},
 * which fleet's {@code /metrics} publishes per edge as {@code fleet_edge_cycle_milliseconds}, sampled
 * every 2 s), and the periods between cycles from the edges' debug-log timestamps (a period much
 * longer than the cycle time is a cycle OpenEMS could not start on time).
 *
 * @param workMinMs    smallest cycle work seen
 * @param workMedianMs median cycle work
 * @param workP95Ms    95th percentile of cycle work
 * @param longPeriods  share of periods longer than 1.1 × the cycle time, 0..1
 * @param periods      periods counted
 */
record CycleFigures(double workMinMs, double workMedianMs, double workP95Ms, double longPeriods, int periods) {

    static final CycleFigures NONE = new CycleFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    /** The edges looked at: enough for a median, few enough for a cheap scrape. */
    static final int EDGES = 20;

    private static final Pattern SERIES = Pattern.compile("^fleet_edge_cycle_milliseconds\\{edge=\"edge(\\d+)\"\\} (\\d+)",
            Pattern.MULTILINE);
    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d),(\\d{3})");

    /** Samples {@code /metrics} in the background until {@link #stop()}. */
    static final class Sampler {

        private final List<Integer> work = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(int dashboardPort, Set<Integer> edges) {
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + dashboardPort + "/metrics");
            thread = new Thread(() -> {
                while (running) {
                    try {
                        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                        Matcher m = SERIES.matcher(text);
                        while (m.find()) {
                            if (edges.contains(Integer.parseInt(m.group(1)))) {
                                work.add(Integer.parseInt(m.group(2)));
                            }
                        }
                        Thread.sleep(2_000);
                    } catch (IOException e) {
                        Setup.sleep(2_000); // not up, or busy: the next scrape counts
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-cycle-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        List<Integer> stop() {
            running = false;
            thread.interrupt();
            synchronized (work) {
                return List.copyOf(work);
            }
        }
    }

    /**
     * @param work      cycle-work samples
     * @param logs      the watched edges' OpenEMS logs
     * @param cycleLine the per-cycle debug-log line
     * @param from      steady window start (local time, as OpenEMS logs)
     * @param to        steady window end
     * @param cycleMs   the cycle time the edges run with
     */
    static CycleFigures of(List<Integer> work, List<Path> logs, Pattern cycleLine, LocalDateTime from, LocalDateTime to,
            long cycleMs) {
        List<Integer> sorted = new ArrayList<>(work);
        Collections.sort(sorted);
        int periods = 0;
        int long_ = 0;
        for (Path log : logs) {
            LocalDateTime previous = null;
            try {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = STAMP.matcher(line);
                    if (!m.find() || !cycleLine.matcher(line).find()) {
                        continue;
                    }
                    LocalDateTime at = LocalDateTime.parse(m.group(1)).plusNanos(Integer.parseInt(m.group(2)) * 1_000_000L);
                    if (at.isBefore(from) || at.isAfter(to)) {
                        continue;
                    }
                    if (previous != null) {
                        periods++;
                        long_ += Duration.between(previous, at).toMillis() > cycleMs * 1.1 ? 1 : 0;
                    }
                    previous = at;
                }
            } catch (IOException | RuntimeException e) {
                // an edge without a readable log adds no periods
            }
        }
        return new CycleFigures(sorted.isEmpty() ? Double.NaN : sorted.get(0), percentile(sorted, 0.5),
                percentile(sorted, 0.95), periods == 0 ? Double.NaN : (double) long_ / periods, periods);
    }

    private static double percentile(List<Integer> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
}
