package fleet.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;

/**
 * Reads FleetState and the JVM once a second, so that every page, API call and scrape sees the same
 * figures and none of them walks 500 edges on its own: edge counts, online count, messages per
 * second at the backend side (from each edge's message counter in FleetState), CPU, and a history
 * for the charts.
 */
final class FleetSampler implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(1);
    /** 15 minutes of charts at one sample a second. */
    static final int HISTORY = 900;
    /** Messages per second over this window: the receiver publishes its counters once a second too. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(FleetSampler.class.getName());

    /** One moment of the fleet. */
    record Sample(Instant at, int edges, Map<FrameworkState, Integer> byState, int online, int healthy,
            long messagesTotal, double messagesPerSecond, JvmFigures jvm, double cpuPercent) {

        int count(FrameworkState state) {
            return byState.getOrDefault(state, 0);
        }

        /**
         * The same sample with edge counts from this list, so that a page that shows the counts
         * beside the table (read at the same moment) never disagrees with it.
         */
        Sample withEdges(List<EdgeStatus> edges) {
            Map<FrameworkState, Integer> states = new EnumMap<>(FrameworkState.class);
            int up = 0;
            int well = 0;
            for (EdgeStatus edge : edges) {
                states.merge(edge.framework(), 1, Integer::sum);
                up += edge.online() ? 1 : 0;
                well += edge.healthy() ? 1 : 0;
            }
            return new Sample(at, edges.size(), Map.copyOf(states), up, well, messagesTotal, messagesPerSecond, jvm,
                    cpuPercent);
        }
    }

    /** A point of the charts. */
    record Point(Instant at, int online, double messagesPerSecond) {
    }

    private final FleetState state;
    private final ScheduledExecutorService scheduler;
    private final Deque<Point> history = new ArrayDeque<>();
    private final Deque<long[]> recentTotals = new ArrayDeque<>(); // {nanoTime, total}
    // sampler thread only
    private final Map<String, Long> lastMessages = new HashMap<>();
    private long messagesTotal;
    private long lastCpuNanos = -1;
    private long lastCpuAt;
    private volatile Sample latest;

    FleetSampler(FleetState state) {
        this.state = state;
        sample();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-dashboard-sampler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::sampleSafely, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    Sample latest() {
        return latest;
    }

    List<Point> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dashboard: sampling the fleet failed", e);
        }
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        List<EdgeStatus> edges = state.edges();
        Map<FrameworkState, Integer> byState = new EnumMap<>(FrameworkState.class);
        int online = 0;
        int healthy = 0;
        Map<String, Long> seen = new HashMap<>();
        for (EdgeStatus edge : edges) {
            byState.merge(edge.framework(), 1, Integer::sum);
            if (edge.online()) {
                online++;
            }
            if (edge.healthy()) {
                healthy++;
            }
            long messages = edge.backend().messages();
            Long before = lastMessages.get(edge.name());
            // only growth counts: an edge added or removed since the last sample does not jump the total
            if (before != null && messages > before) {
                messagesTotal += messages - before;
            }
            seen.put(edge.name(), messages);
        }
        lastMessages.clear();
        lastMessages.putAll(seen);

        recentTotals.addLast(new long[] {now, messagesTotal});
        while (recentTotals.size() > 2 && now - recentTotals.peekFirst()[0] > RATE_WINDOW.toNanos()) {
            recentTotals.removeFirst();
        }
        long[] oldest = recentTotals.peekFirst();
        double seconds = (now - oldest[0]) / 1e9;
        double rate = seconds < 0.5 ? 0 : (messagesTotal - oldest[1]) / seconds;

        JvmFigures jvm = JvmFigures.read();
        double cpu = -1;
        if (jvm.processCpuNanos() >= 0 && lastCpuNanos >= 0 && now > lastCpuAt) {
            cpu = 100.0 * (jvm.processCpuNanos() - lastCpuNanos) / (now - lastCpuAt);
        }
        lastCpuNanos = jvm.processCpuNanos();
        lastCpuAt = now;

        Instant at = Instant.now();
        latest = new Sample(at, edges.size(), Map.copyOf(byState), online, healthy, messagesTotal, rate, jvm, cpu);
        synchronized (history) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(new Point(at, online, rate));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
