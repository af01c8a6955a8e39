package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.config.ConfigFile;
import fleet.console.Console;
import fleet.plan.BackendSettings;
import fleet.plan.DashboardSettings;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.plan.FleetPlan;
import fleet.plan.RuntimeSettings;
import fleet.plan.TemplateSettings;
import fleet.run.FleetRun;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.workdir.WorkDir;

/**
 * One source of truth: the apikey in each edge's rendered Controller.Api.Backend configuration is
 * the one in openems_device — for new devices, for a device that existed with its own apikey, and
 * after --rotate-apikeys. Real fleet runs against the embedded PostgreSQL.
 */
class ApikeysInConfigsTest {

    @TempDir
    Path dir;

    @AfterEach
    void unlink() {
        EmbeddedTestSupport.unlinkBinaries(dir.resolve("work"));
    }

    @Test
    void everyConfigCarriesTheTablesApikey() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(dir.resolve("work"));
        try (Registry registry = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr())) {
            execute(workDir, "INSERT INTO openems_device (name, apikey, active, name_number)"
                    + " VALUES ('edge2', 'OwnKeyOfEdge2xxxxxxx', true, 2)");
        }

        Map<String, String> first = runFleet(workDir, false);
        assertEquals(table(workDir), first, "the configs carry the table's apikeys");
        assertEquals("OwnKeyOfEdge2xxxxxxx", first.get("edge2"), "an existing device keeps its own apikey");

        Map<String, String> again = runFleet(workDir, false);
        assertEquals(first, again, "a re-run keeps every apikey");

        Map<String, String> rotated = runFleet(workDir, true);
        assertEquals(table(workDir), rotated, "rotated in the table and in the configs alike");
        assertNotEquals(first.get("edge0"), rotated.get("edge0"));
        assertNotEquals(first.get("edge1"), rotated.get("edge1"));
        assertEquals("OwnKeyOfEdge2xxxxxxx", rotated.get("edge2"), "a device fleet did not create is never rotated");
    }

    /** Runs a 3-edge fleet for a moment and returns the apikey each edge's config.d holds. */
    private Map<String, String> runFleet(WorkDir workDir, boolean rotate) throws IOException {
        Path template = dir.resolve("template");
        ConfigFiles.factory(template, "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"", "apikey=\"x\"", "uri=\"\"");
        FleetPlan plan = new FleetPlan(new EdgeRange(0, 3), workDir.root(), TestEdgeApp.jar(),
                new TemplateSettings(Optional.of(template), 24_000 + (int) (ProcessHandle.current().pid() % 500) * 10, 10,
                        0),
                new RuntimeSettings(2, Optional.of(Duration.ofMillis(200)), Duration.ofSeconds(20), Optional.empty(),
                        false, RuntimeSettings.LibrarySharing.OFF, false, RuntimeSettings.LOOPBACK, false),
                new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), rotate),
                new BackendSettings(Optional.empty(), 0, 50, Optional.empty()), new DashboardSettings(0, "127.0.0.1"),
                false);
        assertEquals(ExitCode.OK, new FleetRun(plan).run());
        Map<String, String> apikeys = new TreeMap<>();
        for (String edge : List.of("edge0", "edge1", "edge2")) {
            Path backendConfigs = workDir.edge(edge).configDir().resolve("Controller/Api/Backend");
            try (Stream<Path> files = Files.list(backendConfigs)) {
                List<Path> configs = files.toList();
                assertEquals(1, configs.size(), edge + ": " + configs);
                apikeys.put(edge, ConfigFile.read(configs.get(0)).string("apikey").orElseThrow());
            }
        }
        return apikeys;
    }

    private static Map<String, String> table(WorkDir workDir) throws SQLException {
        try (Registry registry = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr());
                Connection connection = EmbeddedTestSupport.connect(EmbeddedTestSupport.postmaster(workDir).orElseThrow().port());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT name, apikey FROM openems_device WHERE name IN ('edge0', 'edge1', 'edge2')")) {
            Map<String, String> apikeys = new TreeMap<>();
            while (rows.next()) {
                apikeys.put(rows.getString(1), rows.getString(2));
            }
            return apikeys;
        }
    }

    private static void execute(WorkDir workDir, String sql) throws SQLException {
        try (Connection connection = EmbeddedTestSupport.connect(EmbeddedTestSupport.postmaster(workDir).orElseThrow().port());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
