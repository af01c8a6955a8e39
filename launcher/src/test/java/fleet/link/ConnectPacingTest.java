package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.Wait;

/**
 * Connect pacing with real frameworks: the runtime starts at most {@code --connect-rate} edges per
 * second, so their backend connections reach the receiver spread out as configured; and after a
 * backend restart each edge comes back on its own reconnect delay, not all in the same instant.
 */
class ConnectPacingTest {

    private static final int EDGES = 6;
    private static final double RATE = 1.0;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Map<String, String> registered = new ConcurrentHashMap<>();
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
    }

    @Test
    void connectionsArriveSpreadAsConfiguredAndComeBackSpreadAfterARestart() throws Exception {
        fleet = new TestFleet(dir, EDGES, RATE);
        receiver = start(0);
        for (int i = 0; i < EDGES; i++) {
            String key = "edge" + i + "-key-" + "x".repeat(12);
            registered.put(key, "edge" + i);
            fleet.add(i, key, receiver.edgeUri());
        }
        receiver.expectEdges(fleet.apikeys);
        Instant begin = Instant.now();
        fleet.runtime.startAll();
        Wait.until(PATIENCE, () -> receiver.connectionsOpened().size() == EDGES,
                () -> receiver.connectionsOpened().toString());

        // The runtime lets the k-th framework begin its start k/rate after the first, and an edge
        // connects only after its start began: so the k-th connection cannot come before that.
        // (Starts take 0.3-1 s and vary, so two connections may still land close together.)
        List<Instant> opens = receiver.connectionsOpened().stream().map(BuiltInReceiver.ConnectionOpened::at).sorted()
                .toList();
        for (int k = 0; k < EDGES; k++) {
            Instant earliest = begin.plusMillis((long) (k / RATE * 1000) - 50);
            assertTrue(!opens.get(k).isBefore(earliest), "connection " + k + " came " + Duration.between(begin,
                    opens.get(k)).toMillis() + " ms after the start, sooner than " + k + " / " + RATE + " s: " + opens);
        }

        // Backend restart: every edge loses its connection, tries once at once (nothing listens),
        // then again after its own delay, drawn once per edge (here 1-2 s; OpenEMS 10-100 s).
        int port = receiver.port();
        receiver.close();
        Thread.sleep(500);
        Instant restarted = Instant.now();
        receiver = start(port);
        receiver.expectEdges(fleet.apikeys);
        Wait.until(PATIENCE, () -> receiver.connectionsOpened().size() == EDGES,
                () -> receiver.connectionsOpened() + fleet.consoleTails());
        List<BuiltInReceiver.ConnectionOpened> back = receiver.connectionsOpened();
        assertEquals(EDGES, back.stream().map(BuiltInReceiver.ConnectionOpened::edge).distinct().count());
        for (BuiltInReceiver.ConnectionOpened open : back) {
            Duration after = Duration.between(restarted, open.at());
            assertTrue(after.compareTo(Duration.ofSeconds(8)) < 0, open + " came back " + after.toMillis()
                    + " ms after the restart, more than its reconnect delay allows");
        }
    }

    private BuiltInReceiver start(int port) {
        return BuiltInReceiver.start(port, fleet.state, key -> Optional.ofNullable(registered.get(key)), reports -> {
        });
    }
}
