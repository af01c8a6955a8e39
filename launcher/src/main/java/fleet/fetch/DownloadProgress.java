package fleet.fetch;

import java.time.Duration;
import java.util.Locale;

import fleet.console.Console;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How far a download is: a progress bar on a terminal, as the fleet's start shows one; otherwise
 * (CI logs, pipes) a line when the size is known and then one every few seconds.
 */
final class DownloadProgress implements AutoCloseable {

    private static final Duration PLAIN_LINE_INTERVAL = Duration.ofSeconds(5);
    private static final int MIB = 1 << 20;

    private final Console console;
    private final boolean terminal;
    private final String task;
    private ProgressBar bar;
    private long total = -1;
    private long lastPlainLine;

    DownloadProgress(Console console, boolean terminal, String task) {
        this.console = console;
        this.terminal = terminal;
        this.task = task;
    }

    /** @param size the bytes the server announced, -1 when it did not say */
    void start(long size) {
        total = size;
        lastPlainLine = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(size > 0 ? size : -1)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", MIB).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(console.stream())).continuousUpdate().build();
        } else {
            console.info(task + ": " + (size >= 0 ? mib(size) : "size not announced"));
        }
    }

    void advanced(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes);
            return;
        }
        long now = System.nanoTime();
        if (now - lastPlainLine >= PLAIN_LINE_INTERVAL.toNanos()) {
            console.info(task + ": " + mib(bytes) + (total > 0 ? " of " + mib(total) + " (" + bytes * 100 / total
                    + " %)" : ""));
            lastPlainLine = now;
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
