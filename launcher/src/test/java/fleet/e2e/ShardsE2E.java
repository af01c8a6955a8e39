package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
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
                running.awaitOutput("3 of 3 edges online", Duration.ofMinutes(2));
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
                    disjoint.awaitOutput("2 of 2 edges online", Duration.ofMinutes(2));
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

    /**
     * Three shards on one database, as the Helm chart runs them: every edge registered once; a fourth
     * fleet overlapping the middle shard is refused; a shard killed with SIGKILL (an OOM kill, a
     * deleted pod) leaves its range free, and the same shard started again takes it over.
     */
    @Test
    void threeShardsRegisterEveryEdgeOnceAndAKilledShardsRangeIsTakenOverByItsRerun() throws Exception {
        try (ExternalPostgres odoo = ExternalPostgres.start(tmp.resolve("odoo"))) {
            String db = odoo.jdbcUrl(ExternalPostgres.DATABASE);
            Map<String, String> password = Map.of("FLEET_DB_PASSWORD", ExternalPostgres.PASSWORD);
            int base = 21_000 + ThreadLocalRandom.current().nextInt(0, 500) * 10;
            List<Path> dirs = List.of(Files.createDirectories(tmp.resolve("shard0")),
                    Files.createDirectories(tmp.resolve("shard1")), Files.createDirectories(tmp.resolve("shard2")));
            try (FleetJar.Running shard0 = shard(dirs.get(0), password, db, 0, base);
                    FleetJar.Running shard1 = shard(dirs.get(1), password, db, 1, base)) {
                FleetJar.Running shard2 = shard(dirs.get(2), password, db, 2, base);
                try {
                    for (FleetJar.Running shard : List.of(shard0, shard1, shard2)) {
                        shard.awaitOutput("2 of 2 edges online", Duration.ofMinutes(2));
                    }
                    assertEquals(List.of("edge0", "edge1", "edge2", "edge3", "edge4", "edge5"), devices(odoo),
                            "each shard's edges registered once, in one table");

                    Path fourth = Files.createDirectories(tmp.resolve("fourth"));
                    FleetJar.Result refused = FleetJar.run(fourth, Duration.ofSeconds(90), password, "--edges", "2",
                            "--first-index", "3", "--edge-app", TestEdgeApp.jar().toString(), "--db", db, "--db-user",
                            ExternalPostgres.USER, "--port-base", Integer.toString(base + 900), "--dashboard-port", "0");
                    assertEquals(2, refused.exitCode(), refused.all());
                    // it overlaps shard 1 (edge2..edge3) and shard 2 (edge4..edge5): either holder is named
                    assertTrue(refused.stderr().matches("(?s)fleet: edges edge3\\.\\.edge4 overlap (edge2\\.\\.edge3|edge4"
                            + "\\.\\.edge5), which a running fleet holds \\(pid .*"), refused.all());

                    // SIGKILL of the whole shard (fleet and the JVM that hosts its edges), as a pod's end
                    shard2.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    shard2.process().destroyForcibly();
                    shard2.process().waitFor();
                } finally {
                    shard2.close();
                }
                try (FleetJar.Running again = shard(dirs.get(2), password, db, 2, base)) {
                    again.awaitOutput("2 of 2 edges online", Duration.ofMinutes(2));
                    assertEquals(0, again.terminate(Duration.ofSeconds(60)), again.output());
                }
                assertEquals(List.of("edge0", "edge1", "edge2", "edge3", "edge4", "edge5"), devices(odoo),
                        "the re-run took over its devices: none added, none lost");
                assertEquals(0, shard1.terminate(Duration.ofSeconds(60)), shard1.output());
                assertEquals(0, shard0.terminate(Duration.ofSeconds(60)), shard0.output());
            }
        }
    }

    /**
     * The same with the real OpenEMS (skipped without the real jars): the whole range registered
     * first, as the chart's Job does; shard 0 runs a real OpenEMS Backend on that database
     * ({@code --with-backend}, which reads {@code openems_device} when it starts), shards 1 and 2
     * connect to it ({@code --backend}); every edge online, as that Backend writes it.
     */
    @Test
    void threeRealShardsComeOnlineAtOneRealBackend() throws Exception {
        String edgeJar = env("FLEET_OPENEMS_EDGE_JAR");
        env("FLEET_OPENEMS_BACKEND_JAR"); // and, for a 2026.2+ Backend, FLEET_OPENEMS_BACKEND_EDGE_JAR
        try (ExternalPostgres odoo = ExternalPostgres.start(tmp.resolve("odoo"))) {
            String db = odoo.jdbcUrl(ExternalPostgres.DATABASE);
            Map<String, String> password = Map.of("FLEET_DB_PASSWORD", ExternalPostgres.PASSWORD);
            FleetJar.Result registered = FleetJar.run(tmp, Duration.ofSeconds(90), password, "register", "--edges", "6",
                    "--db", db, "--db-user", ExternalPostgres.USER);
            assertEquals(0, registered.exitCode(), registered.all());
            int base = 25_000 + ThreadLocalRandom.current().nextInt(0, 300) * 10;
            String[] common = {"--edges", "2", "--edge-app", edgeJar, "--db", db, "--db-user", ExternalPostgres.USER,
                "--dashboard-port", "0", "--debug-log-edges", "0", "--wait-online", "300s"};
            try (FleetJar.Running shard0 = FleetJar.start(Files.createDirectories(tmp.resolve("real0")), password,
                    concat(common, "--first-index", "0", "--port-base", Integer.toString(base), "--with-backend"))) {
                String output = shard0.awaitOutput("edges connect to", Duration.ofMinutes(4));
                Matcher uri = Pattern.compile("edges connect to (ws://\\S+);").matcher(output);
                assertTrue(uri.find(), output);
                try (FleetJar.Running shard1 = FleetJar.start(Files.createDirectories(tmp.resolve("real1")), password,
                        concat(common, "--first-index", "2", "--port-base", Integer.toString(base + 100), "--backend",
                                uri.group(1)));
                        FleetJar.Running shard2 = FleetJar.start(Files.createDirectories(tmp.resolve("real2")),
                                password, concat(common, "--first-index", "4", "--port-base",
                                        Integer.toString(base + 200), "--backend", uri.group(1)))) {
                    for (FleetJar.Running shard : List.of(shard0, shard1, shard2)) {
                        shard.awaitOutput("2 of 2 edges online", Duration.ofMinutes(6));
                    }
                    assertEquals(List.of("edge0", "edge1", "edge2", "edge3", "edge4", "edge5"), devices(odoo));
                    try (var connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE);
                            var rows = connection.createStatement().executeQuery(
                                    "SELECT count(*) FROM openems_device WHERE openems_is_connected")) {
                        rows.next();
                        assertEquals(6, rows.getInt(1), "the one real Backend says all six are connected");
                    }
                    assertEquals(0, shard2.terminate(Duration.ofSeconds(90)), shard2.output());
                    assertEquals(0, shard1.terminate(Duration.ofSeconds(90)), shard1.output());
                }
                assertEquals(0, shard0.terminate(Duration.ofSeconds(120)), shard0.output());
            }
        }
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more))
                .toArray(String[]::new);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        Assumptions.assumeTrue(value != null && !value.isBlank(), name + " is not set");
        return value;
    }

    /** Shard {@code ordinal} of 2 edges each, as the chart's StatefulSet starts it. */
    private static FleetJar.Running shard(Path dir, Map<String, String> password, String db, int ordinal, int base)
            throws Exception {
        return FleetJar.start(dir, password, "--edges", "2", "--first-index", Integer.toString(ordinal * 2),
                "--edge-app", TestEdgeApp.jar().toString(), "--db", db, "--db-user", ExternalPostgres.USER,
                "--port-base", Integer.toString(base + ordinal * 100), "--dashboard-port", "0", "--wait-online", "90s");
    }

    private static List<String> devices(ExternalPostgres odoo) throws Exception {
        try (var connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE);
                var rows = connection.createStatement().executeQuery("SELECT name FROM openems_device ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
