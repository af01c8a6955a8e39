package fleet.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import fleet.console.Console;

/**
 * How the launcher tells a stop that takes long from one that hangs. The hosted fleet stops its
 * edges for as long as they keep finishing (200 real edges on two cores take about two minutes),
 * so a fixed patience in the launcher would kill a stop that is going well. Instead the hosted
 * fleet rewrites a file in its JVM directory each time more edges have stopped, and the launcher
 * kills the hosting JVM only when that file has not changed for its patience.
 */
public final class StopProgress {

    private static final String FILE_NAME = "stop-progress";

    private final Path file;

    public StopProgress(Path jvmDir) {
        this.file = jvmDir.resolve(FILE_NAME);
    }

    /** The hosted side: another edge has stopped. A failed write costs only the launcher's patience. */
    public void report(int stopped, int total) {
        try {
            Files.writeString(file, stopped + " of " + total + " edges stopped\n");
        } catch (IOException e) {
            // the launcher then counts from the signal, as it did before any edge stopped
        }
    }

    /** When the hosted fleet last reported, if it did. */
    Optional<Instant> lastReport() {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The launcher's side: waits for the child; once {@code signalled}, kills it when neither the
     * signal nor a report is more recent than {@code patience}. Returns the child's exit code.
     */
    int awaitExit(Process child, AtomicBoolean signalled, Duration patience) throws InterruptedException {
        Instant signalledAt = null;
        while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
            if (!signalled.get()) {
                continue;
            }
            Instant now = Instant.now();
            if (signalledAt == null) {
                signalledAt = now;
            }
            Instant lastSign = lastReport().filter(signalledAt::isBefore).orElse(signalledAt);
            if (now.isAfter(lastSign.plus(patience))) {
                Console.stderr().error("the edges made no progress in stopping for " + patience.toSeconds()
                        + " s; killing the JVM that hosts them");
                child.destroyForcibly();
                return child.waitFor();
            }
        }
        return child.exitValue();
    }
}
