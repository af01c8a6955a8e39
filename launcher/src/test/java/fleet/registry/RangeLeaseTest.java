package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.EdgeRange;
import fleet.workdir.WorkDir;

/**
 * Shards on one database: three fleets with disjoint ranges run side by side, an overlapping one
 * is refused naming the holder, and a fleet that ends (or dies: its session ends) frees its range.
 */
class RangeLeaseTest {

    @TempDir
    static Path temp;

    static ExternalPostgres odoo;

    @BeforeAll
    static void startOdoosDatabase() {
        odoo = ExternalPostgres.start(temp.resolve("external"));
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    private static Registry open() {
        return Registry.open(odoo.settings(ExternalPostgres.DATABASE, ExternalPostgres.PASSWORD),
                new WorkDir(temp.resolve("unused")), Console.stderr());
    }

    @Test
    void disjointShardsRunTogetherAnOverlapIsRefusedAndAnEndedFleetFreesItsRange() {
        try (Registry a = open(); Registry b = open(); Registry c = open()) {
            a.holdRange(new EdgeRange(0, 10));
            b.holdRange(new EdgeRange(10, 10));
            c.holdRange(new EdgeRange(20, 10));
            a.register(new EdgeRange(0, 10), false);
            b.register(new EdgeRange(10, 10), false);
            c.register(new EdgeRange(20, 10), false);

            try (Registry d = open()) {
                FleetException refused = assertThrows(FleetException.class, () -> d.holdRange(new EdgeRange(15, 10)));
                assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
                assertTrue(refused.getMessage().startsWith("edges edge15..edge24 overlap edge10..edge19, which a running"
                        + " fleet holds (pid " + ProcessHandle.current().pid() + "@"), refused.getMessage());
                assertTrue(refused.getMessage().endsWith("choose another --first-index or --edges, or stop that fleet"),
                        refused.getMessage());
                FleetException removal = assertThrows(FleetException.class, () -> d.unregister(new EdgeRange(25, 1)));
                assertTrue(removal.getMessage().contains("overlap edge20..edge29"), removal.getMessage());
            }
            b.close(); // the fleet ends: its session, and its hold, with it
            try (Registry d = open()) {
                d.holdRange(new EdgeRange(15, 5));
                FleetException refused = assertThrows(FleetException.class, () -> d.holdRange(new EdgeRange(5, 1)));
                assertTrue(refused.getMessage().contains("overlap edge0..edge9"), refused.getMessage());
            }
        }
    }

    @Test
    void aKilledFleetsHoldEndsWithItsSession() throws Exception {
        try (Registry a = open()) {
            a.holdRange(new EdgeRange(100, 5));
            // What a kill -9 leaves: the server ends the session of a vanished client; here the
            // server terminates it, as it does when the connection breaks.
            try (var connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE);
                    var statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name"
                        + " LIKE 'fleet edges 100..104%'");
            }
            try (Registry b = open()) {
                b.holdRange(new EdgeRange(100, 5));
            }
        }
    }
}
