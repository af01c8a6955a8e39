package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.registry.EmbeddedTestSupport;
import fleet.registry.Registration;
import fleet.registry.Registry;
import fleet.state.BackendSide;
import fleet.testing.Wait;

/**
 * The receiver with the real registry (embedded PostgreSQL) and real frameworks: accepted edges'
 * state lands in openems_device, visible with plain SQL; the row of an edge whose apikey is
 * refused does not change; openems_is_connected read back is what the external-backend view uses.
 */
class ReceiverDatabaseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern PSQL = Pattern.compile("postgresql://([^@\\s]+)@([^/\\s]+)/(\\w+)");

    @TempDir
    Path dir;

    private Registry registry;
    private TestFleet fleet;
    private BuiltInReceiver receiver;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (registry != null) {
            registry.close();
            EmbeddedTestSupport.unlinkBinaries(dir.resolve("db"));
        }
    }

    @Test
    void writeBackIsVisibleWithSqlAndARefusedEdgesRowStaysAsItWas() throws Exception {
        registry = Registry.open(DatabaseSettings.EMBEDDED, EmbeddedTestSupport.workDir(dir.resolve("db")),
                Console.stderr());
        Registration registration = registry.register(new EdgeRange(0, 3), false);
        fleet = new TestFleet(dir, 3, 50);
        receiver = BuiltInReceiver.start(0, fleet.state, registry::edgeNameForApikey, registry::writeBack,
                Duration.ofMillis(200), Duration.ofHours(1));
        fleet.add(0, registration.apikey("edge0"), receiver.edgeUri());
        fleet.add(1, registration.apikey("edge1"), receiver.edgeUri());
        // edge2 is registered, but its configuration carries a key the table does not know
        fleet.add(2, "Wrong" + registration.apikey("edge2").substring(5), receiver.edgeUri());
        receiver.expectEdges(fleet.apikeys);

        try (Connection sql = connect(registry.describe())) {
            Map<String, Object> edge2Before = row(sql, "edge2");
            fleet.runtime.startAll();
            Wait.until(PATIENCE, () -> fleet.state.edge("edge0").orElseThrow().backend().online()
                    && fleet.state.edge("edge1").orElseThrow().backend().online()
                    && fleet.state.edge("edge2").orElseThrow().backend().state() == BackendSide.State.REFUSED,
                    () -> fleet.state.edges().toString());
            Instant beforeWrite = Instant.now().minusSeconds(5);
            receiver.writeBackNow();

            for (String edge : new String[] { "edge0", "edge1" }) {
                Map<String, Object> row = row(sql, edge);
                assertEquals(true, row.get("openems_is_connected"), edge + ": " + row);
                Timestamp lastMessage = (Timestamp) row.get("lastmessage");
                assertNotNull(lastMessage, edge + ": " + row);
                // Odoo keeps naive UTC datetimes
                Instant written = lastMessage.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
                assertTrue(written.isAfter(beforeWrite), edge + " lastmessage " + written + " is recent");
            }
            assertEquals(edge2Before, row(sql, "edge2"), "the refused edge's row is untouched");

            // an edge that goes away is written as disconnected with the next batch
            fleet.runtime.stop("edge1", Duration.ofSeconds(20));
            Wait.until(PATIENCE, () -> receiver.traffic("edge1").orElseThrow().openConnections() == 0,
                    () -> receiver.traffic("edge1").toString());
            receiver.writeBackNow();
            assertEquals(false, row(sql, "edge1").get("openems_is_connected"));
            assertEquals(true, row(sql, "edge0").get("openems_is_connected"));

            // what an external backend wrote is what --backend mode reads: edge0 online, edge1 not
            try (ExternalBackendView view = ExternalBackendView.start(receiver.edgeUri(), new EdgeRange(0, 3),
                    fleet.state, registry::connectedFlags, Duration.ofHours(1))) {
                view.pollNow();
                assertTrue(fleet.state.edge("edge0").orElseThrow().backend().online());
                assertFalse(fleet.state.edge("edge1").orElseThrow().backend().online());
            }

            // the receiver's last word: nobody is connected any more
            receiver.close();
            assertEquals(false, row(sql, "edge0").get("openems_is_connected"));
            assertEquals(edge2Before, row(sql, "edge2"), "the refused edge's row is still untouched");
        }
    }

    /** Connects the way a user would: with the psql line the registry prints. */
    private static Connection connect(String description) throws Exception {
        Matcher psql = PSQL.matcher(description);
        assertTrue(psql.find(), "a psql command in: " + description);
        Properties properties = new Properties();
        properties.setProperty("user", psql.group(1));
        return DriverManager.getConnection("jdbc:postgresql://" + psql.group(2) + "/" + psql.group(3), properties);
    }

    private static Map<String, Object> row(Connection sql, String name) throws Exception {
        try (Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM openems_device WHERE name = '" + name + "'")) {
            assertTrue(rows.next(), "no row " + name);
            ResultSetMetaData meta = rows.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnName(i), rows.getObject(i));
            }
            return row;
        }
    }
}
