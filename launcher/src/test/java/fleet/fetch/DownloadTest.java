package fleet.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.console.Console;

/** What the fetch tests cannot wait for: a body that stops flowing is given up after the stall timeout. */
class DownloadTest {

    private static final Duration STALL = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void aBodyThatStopsFlowingIsGivenUp() throws IOException {
        assertEquals("no data for 500 ms after 1000 of the 1000000 bytes the server announced", stalled(1_000_000));
    }

    /** Without a Content-Length a body that ends looks complete: the stall must still be the failure. */
    @Test
    void aBodyOfUnannouncedSizeThatStopsFlowingIsGivenUp() throws IOException {
        assertEquals("no data for 500 ms after 1000 bytes", stalled(0)); // 0: chunked, no Content-Length
    }

    /** The failure of a download whose server sends 1000 bytes and then nothing, after STALL and not before. */
    private String stalled(long contentLength) throws IOException {
        CountDownLatch testDone = new CountDownLatch(1);
        try (ReleaseServer server = new ReleaseServer()) {
            server.at("/openems-edge.jar", exchange -> {
                exchange.sendResponseHeaders(200, contentLength);
                OutputStream body = exchange.getResponseBody();
                body.write(new byte[1000]);
                body.flush();
                try {
                    testDone.await(30, TimeUnit.SECONDS); // and then nothing more
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            DownloadProgress progress = new DownloadProgress(Console.to(new PrintStream(OutputStream.nullOutputStream())),
                    false, "test");
            long start = System.nanoTime();

            DownloadFailure failure = assertThrows(DownloadFailure.class, () -> new Download(STALL)
                    .into(URI.create(server.base() + "/openems-edge.jar"), dir.resolve("part"), progress));

            long millis = (System.nanoTime() - start) / 1_000_000;
            testDone.countDown();
            assertTrue(millis >= STALL.toMillis() && millis < 10_000, "given up after the stall timeout: " + millis + " ms");
            return failure.getMessage();
        }
    }
}
