package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.workdir.WorkDir;

/** Registration against the embedded PostgreSQL; one server for the class, each test on its own edges. */
class RegistryEmbeddedTest {

    private static final String APIKEY = "[A-Za-z0-9]{20}";

    @TempDir
    static Path temp;

    static Registry registry;
    static int port;

    @BeforeAll
    static void open() {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        registry = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr());
        port = EmbeddedTestSupport.postmaster(workDir).orElseThrow().port();
    }

    @AfterAll
    static void close() {
        registry.close();
        EmbeddedTestSupport.unlinkBinaries(temp);
    }

    @Test
    void insertsWhatOdoosOrmWouldSet() throws Exception {
        Registration registration = registry.register(new EdgeRange(100, 3), false);

        assertEquals(List.of("edge100", "edge101", "edge102"), List.copyOf(registration.apikeys().keySet()));
        assertEquals(registration.apikeys().keySet(), registration.created());
        assertFalse(registration.backendRestartNeeded(), "the embedded database has no OpenEMS Backend to restart");
        LocalDateTime justNowUtc = LocalDateTime.now(ZoneOffset.UTC);
        for (Map<String, Object> row : rows("SELECT * FROM openems_device WHERE name LIKE 'edge10_' ORDER BY name")) {
            String name = (String) row.get("name");
            assertEquals(registration.apikey(name), row.get("apikey"));
            assertTrue(((String) row.get("apikey")).matches(APIKEY), row.toString());
            assertEquals(true, row.get("active"), "Odoo hides devices whose active is NULL");
            assertEquals("openems-edge", row.get("producttype"));
            assertEquals("openems", row.get("oem"));
            assertTrue(((String) row.get("setup_password")).matches("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"));
            assertEquals(Integer.parseInt(name.substring(4)), row.get("name_number"));
            assertEquals(DeviceTable.FLEET_MARKER, row.get("comment"));
            assertEquals(1, row.get("create_uid"));
            assertEquals(1, row.get("write_uid"));
            LocalDateTime created = ((java.sql.Timestamp) row.get("create_date")).toLocalDateTime();
            assertTrue(Duration.between(created, justNowUtc).abs().toMinutes() < 2, "create_date in UTC: " + created);
            assertEquals(row.get("create_date"), row.get("write_date"));
            assertNull(row.get("openems_is_connected"));
        }
    }

    @Test
    void aSecondRunKeepsEveryApikey() {
        Registration first = registry.register(new EdgeRange(200, 10), false);
        Registration second = registry.register(new EdgeRange(200, 10), false);

        assertEquals(first.apikeys(), second.apikeys());
        assertTrue(second.created().isEmpty());
        assertTrue(second.rotated().isEmpty());
        assertEquals(10, second.kept());
    }

    @Test
    void rotatingGivesEveryDeviceNewApikeysInTheTableToo() throws Exception {
        Registration before = registry.register(new EdgeRange(300, 5), false);
        Registration rotated = registry.register(new EdgeRange(300, 5), true);

        assertEquals(before.apikeys().keySet(), rotated.rotated());
        for (String name : before.apikeys().keySet()) {
            assertNotEquals(before.apikey(name), rotated.apikey(name));
            assertTrue(rotated.apikey(name).matches(APIKEY));
            assertEquals(rotated.apikey(name), rows("SELECT apikey FROM openems_device WHERE name = '" + name + "'")
                    .get(0).get("apikey"));
            assertTrue(registry.edgeNameForApikey(before.apikey(name)).isEmpty(), "the old key is refused");
            assertEquals(name, registry.edgeNameForApikey(rotated.apikey(name)).orElseThrow());
        }
    }

    @Test
    void anExistingEdge2WithItsOwnApikeyIsUsedAsItIs() throws Exception {
        execute("INSERT INTO openems_device (name, apikey, active, name_number) VALUES ('edge2', 'OwnKeyOfEdge2xxxxxxx', true, 2)");

        Registration registration = registry.register(new EdgeRange(0, 5), false);
        assertEquals("OwnKeyOfEdge2xxxxxxx", registration.apikey("edge2"));
        assertEquals(Set.of("edge2"), registration.foreign());
        assertEquals(4, registration.created().size());

        Registration rotated = registry.register(new EdgeRange(0, 5), true);
        assertEquals("OwnKeyOfEdge2xxxxxxx", rotated.apikey("edge2"), "a device fleet did not create is never changed");
        assertEquals(4, rotated.rotated().size());
        assertEquals("edge2", registry.edgeNameForApikey("OwnKeyOfEdge2xxxxxxx").orElseThrow());

        Unregistration unregistration = registry.unregister(new EdgeRange(0, 5));
        assertEquals(List.of("edge0", "edge1", "edge3", "edge4"), List.copyOf(unregistration.removed()));
        assertEquals(List.of("edge2"), List.copyOf(unregistration.kept()));
        assertEquals(List.of("edge2"), names("SELECT name FROM openems_device WHERE name_number BETWEEN 0 AND 4"));
    }

    @Test
    void unregisterRemovesOnlyFleetsDevicesOfTheRange() throws Exception {
        registry.register(new EdgeRange(400, 6), false);
        execute("INSERT INTO openems_device (name, apikey, active, comment) VALUES ('edge406', 'OwnKeyOfEdge406xxxxx',"
                + " true, 'a real device')");
        execute("INSERT INTO openems_device (name, apikey, active) VALUES ('site-berlin', 'OwnKeyOfBerlinxxxxxx', true)");

        Unregistration unregistration = registry.unregister(new EdgeRange(402, 5));

        assertEquals(List.of("edge402", "edge403", "edge404", "edge405"), List.copyOf(unregistration.removed()));
        assertEquals(List.of("edge406"), List.copyOf(unregistration.kept()));
        assertEquals(List.of("edge400", "edge401", "edge406", "site-berlin"), names("SELECT name FROM openems_device"
                + " WHERE name LIKE 'edge40_' OR name = 'site-berlin' ORDER BY name"));
        assertTrue(registry.unregister(new EdgeRange(402, 4)).removed().isEmpty(), "nothing left to remove");
    }

    @Test
    void anApikeyRegisteredByAnotherProcessIsFoundOnItsFirstUse() throws Exception {
        assertTrue(registry.edgeNameForApikey("RegisteredLaterxxxxx").isEmpty());
        execute("INSERT INTO openems_device (name, apikey, active) VALUES ('edge500', 'RegisteredLaterxxxxx', true)");
        assertEquals("edge500", registry.edgeNameForApikey("RegisteredLaterxxxxx").orElseThrow());
        assertTrue(registry.edgeNameForApikey("").isEmpty());
        assertTrue(registry.edgeNameForApikey(null).isEmpty());
    }

    @Test
    void writeBackUpdatesConnectionLastMessageAndReportedVersionsOnly() throws Exception {
        registry.register(new EdgeRange(600, 3), false);
        Instant lastMessage = Instant.parse("2026-03-01T10:15:30.750Z");
        registry.writeBack(List.of(new DeviceReport("edge600", true, lastMessage, "2026.5.0"),
                new DeviceReport("edge601", true, lastMessage, null),
                new DeviceReport("edge9999", true, lastMessage, "2026.5.0")));
        registry.writeBack(List.of(new DeviceReport("edge600", false, null, null)));

        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> row : rows("SELECT name, openems_is_connected, lastmessage, openems_version"
                + " FROM openems_device WHERE name LIKE 'edge60_'")) {
            byName.put((String) row.get("name"), row);
        }
        assertEquals(false, byName.get("edge600").get("openems_is_connected"));
        assertEquals(LocalDateTime.parse("2026-03-01T10:15:30"),
                ((java.sql.Timestamp) byName.get("edge600").get("lastmessage")).toLocalDateTime(),
                "kept when not reported; UTC in whole seconds, as Odoo stores it");
        assertEquals("2026.5.0", byName.get("edge600").get("openems_version"), "kept when not reported");
        assertNull(byName.get("edge601").get("openems_version"));
        assertNull(byName.get("edge602").get("lastmessage"));
        assertTrue(names("SELECT name FROM openems_device WHERE name = 'edge9999'").isEmpty(), "no row for unknown edges");

        Map<String, Boolean> flags = new LinkedHashMap<>(registry.connectedFlags(new EdgeRange(600, 4)));
        assertEquals(Map.of("edge600", false, "edge601", true, "edge602", false), flags, "edge603 has no device");
        assertEquals(List.of("edge600", "edge601", "edge602"), List.copyOf(flags.keySet()));
    }

    @Test
    void registeringIsAllOrNothing() throws Exception {
        execute("""
                CREATE FUNCTION refuse_edge705() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.name = 'edge705' THEN RAISE EXCEPTION 'edge705 is refused'; END IF;
                    RETURN NEW;
                END $$""");
        execute("CREATE TRIGGER refuse_edge705 BEFORE INSERT ON openems_device FOR EACH ROW EXECUTE FUNCTION refuse_edge705()");
        try {
            FleetException failure = assertThrows(FleetException.class,
                    () -> registry.register(new EdgeRange(700, 10), false));
            assertTrue(failure.getMessage().startsWith("registering edge700..edge709 in the embedded database (127.0.0.1:"
                    + port + ") failed, nothing was registered: ERROR: edge705 is refused"), failure.getMessage());
            assertTrue(names("SELECT name FROM openems_device WHERE name LIKE 'edge70_'").isEmpty());
        } finally {
            execute("DROP TRIGGER refuse_edge705 ON openems_device");
            execute("DROP FUNCTION refuse_edge705()");
        }
        assertEquals(10, registry.register(new EdgeRange(700, 10), false).created().size());
    }

    @Test
    void everyApikeyIsUniqueInTheWholeTable() throws Exception {
        Registration registration = registry.register(new EdgeRange(1000, 2000), false);
        assertEquals(2000, new HashSet<>(registration.apikeys().values()).size());
        Map<String, Object> counts = rows("SELECT count(*) AS devices, count(DISTINCT apikey) AS apikeys,"
                + " count(setup_password) AS with_setup_password, count(DISTINCT setup_password) AS setup_passwords"
                + " FROM openems_device").get(0);
        assertEquals(counts.get("devices"), counts.get("apikeys"));
        assertEquals(counts.get("with_setup_password"), counts.get("setup_passwords"));
    }

    @Test
    void theTableIsTheOneOdooCreates() throws Exception {
        Map<String, String> types = new HashMap<>();
        Map<String, String> nullable = new HashMap<>();
        for (Map<String, Object> column : rows("SELECT column_name, udt_name, is_nullable FROM information_schema.columns"
                + " WHERE table_name = 'openems_device'")) {
            types.put((String) column.get("column_name"), (String) column.get("udt_name"));
            nullable.put((String) column.get("column_name"), (String) column.get("is_nullable"));
        }
        assertEquals("int4", types.get("id"));
        assertEquals("varchar", types.get("name"));
        assertEquals("varchar", types.get("apikey"));
        assertEquals("bool", types.get("active"));
        assertEquals("bool", types.get("openems_is_connected"));
        assertEquals("timestamp", types.get("lastmessage"));
        assertEquals("text", types.get("openems_config"));
        assertEquals("int4", types.get("name_number"));
        assertEquals("int4", types.get("stock_production_lot_id"));
        assertEquals("NO", nullable.get("name"));
        assertEquals("NO", nullable.get("apikey"));
        assertEquals("YES", nullable.get("comment"));
        assertTrue(types.keySet().containsAll(OdooDeviceSchema.USED_COLUMNS), types.keySet().toString());
        assertEquals(List.of("openems_device_pkey", "openems_device_unique_name",
                "openems_device_unique_stock_production_lot_id"), names("SELECT conname AS name FROM pg_constraint"
                        + " WHERE conrelid = 'openems_device'::regclass ORDER BY conname"));
        assertEquals("nextval('openems_device_id_seq'::regclass)",
                rows("SELECT column_default FROM information_schema.columns WHERE table_name = 'openems_device'"
                        + " AND column_name = 'id'").get(0).get("column_default"));
        assertEquals("OpenEMS Edge Device", rows("SELECT obj_description('openems_device'::regclass) AS d").get(0).get("d"));
        SQLException duplicate = assertThrows(SQLException.class, () -> execute(
                "INSERT INTO openems_device (name, apikey) VALUES ('edge100', 'x'), ('edge100', 'y')"));
        assertEquals("23505", duplicate.getSQLState(), "name is unique, as Odoo's unique_name constraint makes it");
    }

    static List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection connection = EmbeddedTestSupport.connect(port); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    row.put(result.getMetaData().getColumnName(column), result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static List<String> names(String sql) throws SQLException {
        return rows(sql).stream().map(row -> (String) row.get("name")).toList();
    }

    static void execute(String sql) throws SQLException {
        try (Connection connection = EmbeddedTestSupport.connect(port);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
