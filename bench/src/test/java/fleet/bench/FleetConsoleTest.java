package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lines as fleet prints them (FleetRun.reportStart, OnlineReport). */
class FleetConsoleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startedAndOnlineWithWallAndFleetTimes() {
        FleetConsole console = new FleetConsole(100 * SECOND);
        console.accept("fleet: started 10/10 edges", 101 * SECOND);
        assertFalse(console.started());
        console.accept("fleet: 10 of 10 edges started in 23.4 s", 130 * SECOND);
        console.accept("edge0  L1nt…   08:59:46      20000  20001", 131 * SECOND);
        assertFalse(console.online());
        console.accept("10 of 10 edges online after 3 s", 133 * SECOND + SECOND / 2);
        assertTrue(console.allStarted());
        assertTrue(console.online());
        assertEquals(30.0, console.startedWallSeconds());
        assertEquals(23.4, console.startedFleetSeconds());
        assertEquals(33.5, console.onlineWallSeconds());
        assertEquals(26.4, console.onlineFleetSeconds(), 1e-9);
        assertNull(console.notOnline());
    }

    @Test
    void onlineAndHealthyAsFleetSaysItSinceTheHealthCheck() {
        FleetConsole console = new FleetConsole(0);
        console.accept("fleet: 3 of 3 edges started in 2.0 s", 2 * SECOND);
        console.accept("3 of 3 edges online and healthy after 7 s", 9 * SECOND);
        assertTrue(console.online());
        assertEquals(9.0, console.onlineFleetSeconds(), 1e-9);
        FleetConsole failing = new FleetConsole(0);
        failing.accept("fleet: error: 1 of 3 edges not online and healthy after 60 s:", SECOND);
        assertEquals("fleet: error: 1 of 3 edges not online and healthy after 60 s:", failing.notOnline());
    }

    @Test
    void failedFrameworksAndEdgesNotOnline() {
        FleetConsole console = new FleetConsole(0);
        console.accept("fleet: 2 of 3 edges started in 5.0 s (1 failed; see /w/edges/<name>/logs/console.log)", SECOND);
        assertTrue(console.started());
        assertFalse(console.allStarted());
        assertEquals("2 of 3 edges started", console.startedSummary());
        console.accept("fleet: error: 1 of 3 edges not online after 600 s:", 2 * SECOND);
        assertEquals("fleet: error: 1 of 3 edges not online after 600 s:", console.notOnline());
        assertFalse(console.online());
        assertTrue(Double.isNaN(console.onlineWallSeconds()));
    }
}
