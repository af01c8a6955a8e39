package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.state.BackendSide;
import fleet.state.EdgeConnection;
import fleet.state.EdgeStatus;
import fleet.state.FrameworkState;
import fleet.testing.ConfigFiles;
import fleet.testing.Wait;

/**
 * Real frameworks running the test edge app against the built-in receiver: edges come online,
 * counters move, an unregistered apikey is refused and named by --wait-online, and the wait
 * succeeds once the key is registered.
 */
class ReceiverWithEdgesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The registry's answers (the database-backed registry is used in ReceiverDatabaseTest). */
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
    void edgesComeOnlineCountersMoveAndARefusedApikeyIsNamed() throws Exception {
        fleet = new TestFleet(dir, 2, 50);
        receiver = BuiltInReceiver.start(0, fleet.state, key -> Optional.ofNullable(registered.get(key)), reports -> {
        });
        registered.put("edge0-key-aaaaaaaaaaaa", "edge0");
        registered.put("edge1-key-bbbbbbbbbbbb", "edge1");
        fleet.add(0, "edge0-key-aaaaaaaaaaaa", receiver.edgeUri());
        fleet.add(1, "edge1-key-bbbbbbbbbbbb", receiver.edgeUri());
        fleet.add(2, "edge2-key-cccccccccccc", receiver.edgeUri()); // not registered (yet)
        receiver.expectEdges(fleet.apikeys);
        fleet.runtime.startAll();

        Wait.until(PATIENCE, () -> online("edge0") && online("edge1"), () -> fleet.state.edges().toString());

        // counters move
        TrafficSnapshot first = receiver.traffic("edge0").orElseThrow();
        assertTrue(first.configComponents() >= 3, "edgeConfig with the edge's components: " + first);
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() >= first.messages() + 5,
                () -> receiver.traffic("edge0").toString());
        TrafficSnapshot later = receiver.traffic("edge0").orElseThrow();
        assertTrue(later.dataPoints() > first.dataPoints(), later.toString());
        assertTrue(later.bytes() > first.bytes(), later.toString());
        assertTrue(later.lastMessage().isAfter(first.lastMessage()), later.toString());
        BackendSide side = fleet.state.edge("edge0").orElseThrow().backend();
        assertTrue(side.messages() > 0 && side.dataPoints() > 0, side.toString());

        // the unregistered edge: refused with 1003, nothing counted, named by the online check
        Wait.until(PATIENCE, () -> fleet.state.edge("edge2").orElseThrow().backend().state() == BackendSide.State.REFUSED,
                () -> fleet.state.edge("edge2").toString());
        assertEquals(0, receiver.traffic("edge2").orElseThrow().messages());
        assertTrue(receiver.refusals().stream().allMatch(r -> r.edge().equals(Optional.of("edge2"))),
                receiver.refusals().toString());
        Wait.until(PATIENCE, () -> {
            fleet.runtime.probeAll();
            return fleet.state.edge("edge2").orElseThrow().lastCycle() != null;
        }, () -> fleet.state.edge("edge2").toString());

        OnlineReport timedOut = new OnlineWait(fleet.state, receiver).await(Duration.ofSeconds(2), () -> false);
        assertFalse(timedOut.allOnline());
        assertEquals(List.of("edge2"), timedOut.notOnline().stream().map(NotOnline::edge).toList());
        NotOnline refused = timedOut.notOnline().get(0);
        assertEquals(NotOnline.Reason.APIKEY_REFUSED, refused.reason(), refused.toString());
        List<String> lines = timedOut.failureLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  edge2: apikey refused")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("What to do: ") && lines.get(lines.size() - 1)
                .contains("fleet register"), lines.toString());

        // registered now: the receiver looks the key up again at the edge's next attempt
        registered.put("edge2-key-cccccccccccc", "edge2");
        OnlineReport online = new OnlineWait(fleet.state, receiver).await(PATIENCE, () -> false);
        assertTrue(online.allOnline(), online.failureLines().toString());
        List<String> table = online.summaryLines();
        assertEquals(List.of("EDGE", "APIKEY", "ONLINE", "SINCE", "REST", "WEBSOCKET"), List.of(table.get(0).split("\\s+")));
        for (EdgeStatus edge : fleet.state.edges()) {
            String row = table.stream().filter(l -> l.startsWith(edge.name() + " ")).findFirst().orElseThrow();
            assertTrue(row.contains(edge.apikeyPrefix() + "…") && row.contains(" " + edge.ports().rest() + " "), row);
        }
        assertTrue(table.get(table.size() - 1).startsWith("3 of 3 edges online"), table.toString());
    }

    @Test
    void aFailedFrameworkEndsTheWaitEarlyWithItsReason() throws Exception {
        fleet = new TestFleet(dir, 2, 50);
        receiver = BuiltInReceiver.start(0, fleet.state, key -> Optional.ofNullable(registered.get(key)), reports -> {
        });
        registered.put("edge0-key-aaaaaaaaaaaa", "edge0");
        fleet.add(0, "edge0-key-aaaaaaaaaaaa", receiver.edgeUri());
        ConfigFiles.factory(fleet.workDir.edge("edge0").configDir(), "Test.Crash", "c", "id=\"crash0\"",
                "afterCycles=I\"3\"");
        receiver.expectEdges(fleet.apikeys);
        fleet.runtime.startAll();

        long start = System.nanoTime();
        OnlineReport report = new OnlineWait(fleet.state, receiver).await(PATIENCE, () -> {
            fleet.runtime.probeAll();
            return false;
        });
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0,
                "did not wait for the deadline: " + report);
        assertEquals(FrameworkState.FAILED, fleet.state.edge("edge0").orElseThrow().framework());
        NotOnline failed = report.notOnline().get(0);
        assertEquals(NotOnline.Reason.FRAMEWORK_FAILED, failed.reason());
        assertTrue(failed.line().startsWith("edge0: framework failed — "), failed.line());
    }

    private boolean online(String edge) {
        EdgeStatus status = fleet.state.edge(edge).orElseThrow();
        return status.online() && status.edgeConnection() == EdgeConnection.CONNECTED;
    }
}
