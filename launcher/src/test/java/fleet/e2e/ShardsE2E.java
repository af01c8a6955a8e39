package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.registry.ExternalPostgres;
import fleet.testing.TestEdgeApp;

/**
 * Shards on one database: a fleet whose range overlaps a running one is refused before it starts; a
 * disjoint one runs beside it, and {@code fleet status} shows both as one table.
 */
@Tag("e2e")
class ShardsE2E {

    @TempDir
    Path tmp;

    @Test
    void aFleetWhoseRangeOverlapsARunningOneIsRefusedInOneLine() throws Exception {
        try (ExternalPostgres odoo = ExternalPostgres.start(tmp.resolve("odoo"))) {
            String db = odoo.jdbcUrl(ExternalPostgres.DATABASE);
            Map<String, String> password = Map.of("FLEET_DB_PASSWORD", ExternalPostgres.PASSWORD);
            Path first = Files.createDirectories(tmp.resolve("first"));
            int base = 21_000 + ThreadLocalRandom.current().nextInt(0, 500) * 10;
            int dashboard = 18_700 + ThreadLocalRandom.current().nextInt(40) * 2;
            try (FleetJar.Running running = FleetJar.start(first, password, "--edges", "3", "--edge-app",
                    TestEdgeApp.jar().toString(), "--db", db, "--db-user", ExternalPostgres.USER, "--port-base",
                    Integer.toString(base), "--dashboard-port", Integer.toString(dashboard), "--wait-online", "90s")) {
                awaitOutput(running, "3 of 3 edges online");
                Path second = Files.createDirectories(tmp.resolve("second"));
                FleetJar.Result refused = FleetJar.run(second, Duration.ofSeconds(90), password, "--edges", "2",
                        "--first-index", "2", "--edge-app", TestEdgeApp.jar().toString(), "--db", db, "--db-user",
                        ExternalPostgres.USER, "--port-base", Integer.toString(base + 1_000), "--dashboard-port", "0");
                assertEquals(2, refused.exitCode(), refused.all());
                assertEquals(1, refused.stderr().strip().lines().count(), refused.all());
                assertTrue(refused.stderr().contains("edges edge2..edge3 overlap edge0..edge2, which a running fleet"
                        + " holds (pid "), refused.all());
                assertFalse(Files.exists(second.resolve("fleet-work/edges")), "nothing rendered or started");

                try (FleetJar.Running disjoint = FleetJar.start(second, password, "--edges", "2", "--first-index", "3",
                        "--edge-app", TestEdgeApp.jar().toString(), "--db", db, "--db-user", ExternalPostgres.USER,
                        "--port-base", Integer.toString(base + 1_000), "--dashboard-port",
                        Integer.toString(dashboard + 1), "--wait-online", "90s")) {
                    awaitOutput(disjoint, "2 of 2 edges online");
                    // the shards as one table
                    FleetJar.Result status = FleetJar.run(tmp, Duration.ofSeconds(60), "status", "--url",
                            "http://127.0.0.1:" + dashboard + "/,http://127.0.0.1:" + (dashboard + 1) + "/");
                    assertEquals(0, status.exitCode(), status.all());
                    List<String> lines = status.stdout().strip().lines().toList();
                    assertEquals(2, lines.stream().filter(l -> l.startsWith("fleet at ")).count(), status.all());
                    assertEquals(List.of("edge0", "edge1", "edge2", "edge3", "edge4"), lines.stream()
                            .filter(l -> l.startsWith("edge")).map(l -> l.split("\\s+")[0]).toList(), status.all());
                    assertEquals(0, disjoint.terminate(Duration.ofSeconds(60)), disjoint.output());
                }
                assertEquals(0, running.terminate(Duration.ofSeconds(60)), running.output());
            }
        }
    }

    private static void awaitOutput(FleetJar.Running fleet, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (fleet.output().contains(text)) {
                return;
            }
            assertTrue(fleet.process().isAlive(), "fleet ended:\n" + fleet.output());
            Thread.sleep(500);
        }
        throw new AssertionError("no '" + text + "':\n" + fleet.output());
    }
}
