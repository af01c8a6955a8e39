package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fleet.state.BackendSide;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.testing.Wait;

/**
 * {@link BuiltInReceiver#cut}, the fault injection of the dashboard's "cut backend": the edge's open
 * connection is closed, new ones are refused while the cut lasts, nothing is counted for them, the
 * backend side says why, and once the time is up the edge gets in again. Other edges stay connected.
 */
class ReceiverCutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, String> REGISTERED = Map.of("key0-registered", "edge0", "key1-registered", "edge1");

    private final HttpClient http = HttpClient.newHttpClient();
    private FleetState state;
    private BuiltInReceiver receiver;

    @BeforeEach
    void start() {
        state = new FleetState();
        state.add(EdgeStatus.pending("edge0", 0, "key0", EdgePorts.NONE));
        state.add(EdgeStatus.pending("edge1", 1, "key1", EdgePorts.NONE));
        receiver = BuiltInReceiver.start(0, state, key -> Optional.ofNullable(REGISTERED.get(key)), reports -> {
        }, Duration.ofMillis(100), Duration.ofHours(1));
        receiver.expectEdges(Map.of("edge0", "key0-registered", "edge1", "key1-registered"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        http.shutdownNow(); // close() waits for every open websocket to end, and a late one may never
    }

    @Test
    void aCutClosesTheEdgeRefusesItWhileItLastsAndLetsItInAfterwards() throws Exception {
        PlainEdgeClient edge0 = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        PlainEdgeClient edge1 = PlainEdgeClient.connect(http, receiver.edgeUri(), "key1-registered");
        edge0.send(PlainEdgeClient.timestampedData(1_700_000_000_000L, 2));
        edge1.send(PlainEdgeClient.timestampedData(1_700_000_000_000L, 2));
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() == 1
                && receiver.traffic("edge1").orElseThrow().messages() == 1, () -> receiver.traffic("edge0").toString());

        receiver.cut("edge0", Duration.ofSeconds(3));
        long cutAt = System.nanoTime();

        assertEquals(CloseFrame.TRY_AGAIN_LATER, edge0.awaitClose(), "the open connection is closed");
        assertTrue(edge0.closeReason.contains("cut by fleet"), edge0.closeReason);

        // a reconnect during the cut: refused the same way, not counted
        PlainEdgeClient again = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        assertEquals(CloseFrame.TRY_AGAIN_LATER, again.awaitClose());
        assertTrue(again.closeReason.contains("cut by fleet"), again.closeReason);
        assertEquals(1, receiver.traffic("edge0").orElseThrow().connectionsOpened(), "the refused attempt is not counted");
        assertEquals(0, receiver.traffic("edge0").orElseThrow().openConnections());

        receiver.publishNow();
        BackendSide side = state.edge("edge0").orElseThrow().backend();
        assertEquals(BackendSide.State.OFFLINE, side.state());
        assertTrue(side.reason().contains("cut by fleet until"), side.reason());

        // the other edge never noticed
        assertFalse(edge1.closeCode.isDone(), "edge1 stays connected");
        edge1.send(PlainEdgeClient.timestampedData(1_700_000_001_000L, 2));
        Wait.until(PATIENCE, () -> receiver.traffic("edge1").orElseThrow().messages() == 2,
                () -> receiver.traffic("edge1").toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - cutAt).toMillis() < 3_000, "all of that within the cut");

        // after the cut: in again, online with its first message
        Thread.sleep(Math.max(0, 3_100 - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
        PlainEdgeClient back = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        back.send(PlainEdgeClient.timestampedData(1_700_000_002_000L, 2));
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() == 2,
                () -> receiver.traffic("edge0").toString());
        assertEquals(1, receiver.traffic("edge0").orElseThrow().openConnections());
        receiver.publishNow();
        assertTrue(state.edge("edge0").orElseThrow().backend().online(), state.edge("edge0").toString());
        back.close();
        edge1.close();
    }
}
