package fleet.console;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far the start of the fleet is, read from {@link FleetState}: a progress bar on a
 * terminal, a plain line every few seconds otherwise (CI logs, pipes). Failures are reported as
 * they happen, each with its cause.
 */
public final class StartProgress implements AutoCloseable {

    private static final Duration PLAIN_LINE_INTERVAL = Duration.ofSeconds(5);

    private final FleetState state;
    private final Console console = Console.stderr();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleet-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final ProgressBar bar;
    private final java.util.Set<String> reportedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long lastPlainLine;
    private int lastPlainDone = -1;

    public StartProgress(FleetState state, boolean terminal) {
        this.state = state;
        int total = state.size();
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("starting edges").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" edges", 1).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(console.stream())).continuousUpdate().build() : null;
        ticker.scheduleWithFixedDelay(this::tick, 0, terminal ? 200 : 1000, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        int done = 0;
        int total = 0;
        for (EdgeStatus edge : state.edges()) {
            total++;
            if (edge.framework() == FrameworkState.ACTIVE || edge.framework() == FrameworkState.FAILED) {
                done++;
            }
            if (edge.framework() == FrameworkState.FAILED && reportedFailures.add(edge.name())) {
                failure(edge);
            }
        }
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (done > 0 && done != lastPlainDone && (now - lastPlainLine >= PLAIN_LINE_INTERVAL.toNanos() || done == total)) {
            console.info("started " + done + "/" + total + " edges");
            lastPlainLine = now;
            lastPlainDone = done;
        }
    }

    private void failure(EdgeStatus edge) {
        String line = edge.name() + " failed to start: " + edge.failure();
        if (bar != null) {
            console.stream().println();
        }
        console.error(line);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
        if (bar != null) {
            bar.close();
        }
    }
}
