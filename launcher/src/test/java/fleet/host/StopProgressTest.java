package fleet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.Wait;

/**
 * The launcher's patience with a hosting JVM that is stopping, tried on real child processes that
 * ignore SIGTERM as a JVM busy stopping its edges does: one that keeps reporting progress runs to
 * its end, one that goes silent is killed a patience after its last sign of life.
 */
class StopProgressTest {

    private static final Duration PATIENCE = Duration.ofMillis(1_500);

    @TempDir
    Path jvmDir;

    @Test
    void aStopThatKeepsReportingProgressIsWaitedFor() throws Exception {
        // 8 reports 0.5 s apart: 4 s in all, more than twice the patience
        Ended ended = afterSigterm("for i in 1 2 3 4 5 6 7 8; do sleep 0.5; echo \"$i of 8\" > stop-progress; done; exit 0");

        assertEquals(0, ended.code(), "the child ended by itself");
        Duration took = ended.took();
        assertTrue(took.toMillis() >= 3_500, "waited for the whole stop (4 s), more than twice the patience: " + took);
    }

    @Test
    void aStopWithoutProgressIsKilledAfterThePatience() throws Exception {
        Ended ended = afterSigterm("echo '1 of 8' > stop-progress; sleep 1; sleep 60; exit 0");

        assertEquals(128 + 9, ended.code(), "killed (SIGKILL)");
        Duration took = ended.took();
        assertTrue(took.toMillis() >= PATIENCE.toMillis() && took.toMillis() < 5_000,
                "killed one patience after its last report, not after its 60-s sleep: " + took);
    }

    /** A shell that, like a JVM stopping its edges, does not end on SIGTERM. */
    private Process stoppingChild(String script) throws IOException {
        Process child = new ProcessBuilder("bash", "-c", "trap '' TERM; touch ready; " + script)
                .directory(jvmDir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Wait.until(Duration.ofSeconds(10), () -> Files.exists(jvmDir.resolve("ready")), () -> "the child never started");
        return child;
    }

    /** How the child ended after SIGTERM, and how long the launcher's wait took. */
    private record Ended(int code, Duration took) {
    }

    private Ended afterSigterm(String script) throws IOException, InterruptedException {
        Process child = stoppingChild(script);
        long start = System.nanoTime();
        child.destroy(); // what the launcher forwards on Ctrl-C
        int code = new StopProgress(jvmDir).awaitExit(child, new AtomicBoolean(true), PATIENCE);
        return new Ended(code, Duration.ofNanos(System.nanoTime() - start));
    }
}
