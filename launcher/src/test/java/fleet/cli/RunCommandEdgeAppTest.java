package fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fleet.ExitCode;
import fleet.FleetException;
import picocli.CommandLine;

/**
 * How {@code fleet run} chooses the edge application when a release is asked for, up to the point
 * where it would download (fleet.fetch's tests go on from there): a release server on 127.0.0.1
 * counts the requests, and bad input must cost none.
 */
class RunCommandEdgeAppTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void anEdgeAppAndAReleaseAreOneTooMany() {
        FleetException e = assertThrows(FleetException.class, () -> plan("--edge-app", dir.resolve("x.jar").toString(),
                "--openems-version", "2026.4.0"));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("--edge-app and --openems-version/--openems-download-url both choose the edge application: pass"
                + " only one of them", e.getMessage());
    }

    @Test
    void aVersionThatIsNoReleaseIsBadInput() {
        FleetException e = assertThrows(FleetException.class, () -> plan("--openems-version", "2026.4"));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("--openems-version 2026.4: not an OpenEMS release"), e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void aDownloadUrlThatIsNoHttpUrlIsBadInput() {
        FleetException e = assertThrows(FleetException.class, () -> plan("--openems-download-url", "file:///tmp/{version}"));

        assertTrue(e.getMessage().startsWith("--openems-download-url file:///tmp/{version}: must be an http(s) URL"),
                e.getMessage());
    }

    /** The edge application is resolved after every other flag, so a typo never costs a download first. */
    @Test
    void badFlagsFailBeforeAnyDownload() {
        FleetException e = assertThrows(FleetException.class, () -> plan("--edge-passwords", "maybe", "--openems-download-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/{version}/openems-edge.jar"));

        assertTrue(e.getMessage().startsWith("--edge-passwords maybe"), e.getMessage());
        assertEquals(0, requests.get(), "nothing was downloaded");
    }

    private void plan(String... args) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        command.toPlan();
    }
}
