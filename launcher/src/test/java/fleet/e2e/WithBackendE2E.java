package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.testing.TestEdgeApp;

/**
 * {@code --with-backend}: a real OpenEMS Backend run by fleet (skipped without the real jars), and
 * the one-line refusals of what cannot work (always).
 */
@Tag("e2e")
class WithBackendE2E {

    private static final Pattern EMBEDDED_PORT = Pattern.compile("embedded PostgreSQL \\S+ on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void threeRealEdgesComeOnlineAtARealBackendThatListensOnLoopbackOnly() throws Exception {
        String edgeJar = env("FLEET_OPENEMS_EDGE_JAR");
        env("FLEET_OPENEMS_BACKEND_JAR"); // and, for a 2026.2+ Backend, FLEET_OPENEMS_BACKEND_EDGE_JAR
        Path start = Files.createDirectories(tmp.resolve("start"));
        int port = 18_800 + ThreadLocalRandom.current().nextInt(90);
        List<Long> pids = new ArrayList<>();
        try (FleetJar.Running fleet = FleetJar.start(start, "--edges", "3", "--edge-app", edgeJar, "--with-backend",
                "--wait-online", "180s", "--port-base", "24800", "--dashboard-port", Integer.toString(port),
                "--debug-log-edges", "0")) {
            String output = fleet.awaitOutput("3 of 3 edges online", Duration.ofMinutes(5));
            assertTrue(output.contains("OpenEMS Backend run by fleet"), output);
            Matcher m = EMBEDDED_PORT.matcher(output);
            assertTrue(m.find(), output);
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + m.group(1) + "/odoo",
                    "postgres", "");
                    ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM openems_device"
                            + " WHERE openems_is_connected AND name IN ('edge0', 'edge1', 'edge2')")) {
                rows.next();
                assertEquals(3, rows.getInt(1), "the Backend wrote openems_is_connected for all three");
            }
            JsonObject fleetJson = JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/fleet")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .getAsJsonObject();
            for (JsonElement element : fleetJson.getAsJsonArray("backendProcesses")) {
                JsonObject process = element.getAsJsonObject();
                assertEquals("RUNNING", process.get("state").getAsString(), process.toString());
                long pid = process.get("pid").getAsLong();
                pids.add(pid);
                ListeningSockets sockets = ListeningSockets.of(pid);
                assertFalse(sockets.listeners().isEmpty(), process.toString());
                assertTrue(sockets.listeners().stream().allMatch(l -> l.address().isLoopbackAddress()),
                        process.get("name") + " listens on loopback only: " + sockets.listeners());
            }
            assertFalse(pids.isEmpty(), fleetJson.toString());
            FleetJar.Result status = FleetJar.run(start, Duration.ofSeconds(60), "status");
            assertTrue(status.stdout().contains("  backend: running, pid " + pids.get(0)), status.all());
            assertEquals(0, fleet.terminate(Duration.ofSeconds(90)), fleet.output());
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Backend process " + pid
                    + " stopped with the fleet");
        }
        assertTrue(Files.size(start.resolve("fleet-work/logs/backend/backend.log")) > 0, "the Backend's log");
    }

    @Test
    void withBackendAndBackendAreOneLineAndExitCodeTwo() throws Exception {
        FleetJar.Result result = FleetJar.run(tmp, Duration.ofSeconds(60), "--edges", "1", "--edge-app",
                TestEdgeApp.jar().toString(), "--with-backend", "--backend", "ws://127.0.0.1:1");
        assertRefused(result, "--with-backend runs fleet's own OpenEMS Backend, --backend names another one");
    }

    @Test
    void aJarThatIsNoBackendIsRefusedByName() throws Exception {
        FleetJar.Result result = FleetJar.run(tmp, Duration.ofSeconds(60), Map.of("FLEET_OPENEMS_BACKEND_JAR",
                TestEdgeApp.jar().toString()), "--edges", "1", "--edge-app", TestEdgeApp.jar().toString(),
                "--with-backend");
        assertRefused(result, "test-edge-app.jar is not an OpenEMS Backend");
        assertTrue(result.stderr().contains("(from $FLEET_OPENEMS_BACKEND_JAR)"), result.all());
    }

    @Test
    void aSplitBackendWithoutItsEdgeAppNamesWhatToSet() throws Exception {
        Path jar = tmp.resolve("openems-backend.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String entry : new String[] {"jar/io.openems.backend.application.jar",
                "jar/io.openems.backend.edge.manager.jar"}) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.closeEntry();
            }
        }
        Path start = Files.createDirectories(tmp.resolve("start"));
        FleetJar.Result result = FleetJar.run(start, Duration.ofSeconds(60), Map.of("FLEET_OPENEMS_BACKEND_JAR",
                jar.toString(), "FLEET_OPENEMS_BACKEND_EDGE_JAR", ""), "--edges", "1", "--edge-app",
                TestEdgeApp.jar().toString(), "--with-backend");
        assertRefused(result, "set $FLEET_OPENEMS_BACKEND_EDGE_JAR");
        assertFalse(Files.exists(start.resolve("fleet-work")), "bad input changes nothing");
    }

    private static void assertRefused(FleetJar.Result result, String text) {
        assertEquals(2, result.exitCode(), result.all());
        assertEquals(1, result.stderr().strip().lines().count(), result.all());
        assertTrue(result.stderr().contains(text), result.all());
    }

    private static String env(String name) {
        String value = System.getenv(name);
        Assumptions.assumeTrue(value != null && !value.isBlank(), name + " is not set");
        return value;
    }
}
