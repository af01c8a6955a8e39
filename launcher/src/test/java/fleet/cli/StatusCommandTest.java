package fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fleet.FleetException;
import fleet.testing.ConfigFiles;
import fleet.workdir.WorkDir;
import fleet.workdir.WorkDirLock;
import picocli.CommandLine;

/**
 * {@code fleet status} without a fleet: every case is one clear line and exit code 1. The command
 * against a live fleet is in fleet.web.DashboardApiTest (exit codes) and DashboardE2E (output).
 */
class StatusCommandTest {

    @TempDir
    Path dir;

    @Test
    void noRunningFleetInTheWorkDir() {
        FleetException e = assertThrows(FleetException.class, () -> command("--work-dir", dir.toString()).call());
        assertTrue(e.getMessage().startsWith("no running fleet in " + dir), e.getMessage());
        assertEquals(1, e.exitCode().code());
        assertEquals(1, Main.run("status", "--work-dir", dir.toString()));
    }

    @Test
    void aLockFileLeftBehindIsNoRunningFleet() throws IOException {
        WorkDir workDir = new WorkDir(dir).create();
        Files.writeString(workDir.lockFile(), "pid=1\ndashboard=http://127.0.0.1:1/\n");
        FleetException e = assertThrows(FleetException.class, () -> command("--work-dir", dir.toString()).call());
        assertTrue(e.getMessage().startsWith("no running fleet in"), e.getMessage());
    }

    @Test
    void aRunningFleetWithoutDashboard() {
        WorkDir workDir = new WorkDir(dir).create();
        try (WorkDirLock lock = WorkDirLock.acquire(workDir)) {
            FleetException e = assertThrows(FleetException.class, () -> command("--work-dir", dir.toString()).call());
            assertTrue(e.getMessage().contains("has no dashboard"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
    }

    @Test
    void nothingListensAtTheUrl() {
        String url = "http://127.0.0.1:" + ConfigFiles.freePort() + "/";
        FleetException e = assertThrows(FleetException.class, () -> command("--url", url).call());
        assertEquals("no fleet answers at " + url + " (connection refused) — is it running, and with a dashboard?"
                + " (fleet run --dashboard-port)", e.getMessage());
        assertEquals(1, Main.run("status", "--url", url));
    }

    @Test
    void somethingElseListensAtTheUrl() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            FleetException e = assertThrows(FleetException.class, () -> command("--url", url).call());
            assertEquals(url + "/ is not a fleet dashboard: GET /api/fleet did not answer JSON", e.getMessage());
        } finally {
            other.stop(0);
        }
    }

    private static StatusCommand command(String... args) {
        StatusCommand command = new StatusCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
