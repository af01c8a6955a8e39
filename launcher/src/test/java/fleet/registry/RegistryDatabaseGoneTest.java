package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.EdgeRange;
import fleet.testing.Wait;

/** The database server stops while 1000 edges are being registered: none of them may remain. */
class RegistryDatabaseGoneTest {

    @TempDir
    Path temp;

    @Test
    void noRowOfTheInterruptedRunRemains() throws Exception {
        try (ExternalPostgres odoo = ExternalPostgres.start(temp.resolve("external"))) {
            odoo.asOdoo(ExternalPostgres.DATABASE,
                    "INSERT INTO openems_device (name, apikey, active) VALUES ('site-a', 'KeyOfSiteAxxxxxxxxxx', true)",
                    // Holds the registration in the middle of its rows, until the server goes away.
                    """
                    CREATE FUNCTION hold_at_edge500() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.name = 'edge500' THEN PERFORM pg_sleep(60); END IF;
                        RETURN NEW;
                    END $$""",
                    "CREATE TRIGGER hold_at_edge500 BEFORE INSERT ON openems_device FOR EACH ROW"
                            + " EXECUTE FUNCTION hold_at_edge500()");
            try (Registry registry = Registry.open(odoo.settings(ExternalPostgres.DATABASE, ExternalPostgres.PASSWORD),
                    null, Console.stderr())) {
                CompletableFuture<Registration> registering = CompletableFuture.supplyAsync(
                        () -> registry.register(new EdgeRange(0, 1000), false));
                Wait.until(Duration.ofSeconds(20), () -> sleepingAtEdge500(odoo),
                        () -> "the registration did not reach edge500");

                odoo.stop();

                ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> registering.get(60, TimeUnit.SECONDS));
                FleetException failure = assertInstanceOf(FleetException.class, failed.getCause());
                assertTrue(failure.getMessage().startsWith("registering edge0..edge999 in database odoo at 127.0.0.1:"
                        + odoo.port() + " failed, nothing was registered: "), failure.getMessage());

                odoo.restart();
                assertEquals(1, count(odoo, "SELECT count(*) FROM openems_device"), "only the row from before");

                odoo.asOdoo(ExternalPostgres.DATABASE, "DROP TRIGGER hold_at_edge500 ON openems_device");
                assertEquals(1000, registry.register(new EdgeRange(0, 1000), false).created().size(),
                        "the same registry works again once the database is back");
                assertEquals(1001, count(odoo, "SELECT count(*) FROM openems_device"));
            }
        }
    }

    private static boolean sleepingAtEdge500(ExternalPostgres odoo) {
        try {
            return count(odoo, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fleet'"
                    + " AND wait_event = 'PgSleep'") == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    private static int count(ExternalPostgres odoo, String sql) throws SQLException {
        try (Connection connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE);
                Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
