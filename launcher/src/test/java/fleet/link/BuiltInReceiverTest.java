package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.FleetException;
import fleet.registry.DeviceReport;
import fleet.state.BackendSide;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.testing.Wait;

/**
 * The receiver over real websockets, with clients that speak the edge's side by hand so that
 * close codes, answers and exact counts can be checked. The apikey lookup is a map here; the
 * tests with real edges use the real registry.
 */
class BuiltInReceiverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, String> REGISTERED = Map.of("key0-registered", "edge0", "key1-registered", "edge1");

    private final List<List<DeviceReport>> batches = new CopyOnWriteArrayList<>();
    private final DeviceWriteBack recorder = reports -> batches.add(List.copyOf(reports));
    private final HttpClient http = HttpClient.newHttpClient();
    private FleetState state;
    private BuiltInReceiver receiver;
    private volatile boolean registryDown;

    @BeforeEach
    void start() {
        state = new FleetState();
        for (int i = 0; i < 3; i++) {
            state.add(EdgeStatus.pending("edge" + i, i, "key" + i, EdgePorts.NONE));
        }
        receiver = BuiltInReceiver.start(0, state, this::lookup, recorder, Duration.ofMillis(100),
                Duration.ofHours(1));
        // edge2 is part of the fleet, but its apikey is not registered
        receiver.expectEdges(Map.of("edge0", "key0-registered", "edge1", "key1-registered", "edge2", "key2-unknown"));
    }

    private Optional<String> lookup(String apikey) {
        if (registryDown) {
            throw new IllegalStateException("database went away");
        }
        return Optional.ofNullable(REGISTERED.get(apikey));
    }

    @AfterEach
    void stop() {
        receiver.close();
        http.shutdownNow(); // close() waits for every open websocket to end, and a late one may never
    }

    @Test
    void listensOn127001AndSaysWhatItIs() {
        assertEquals("127.0.0.1", receiver.edgeUri().getHost());
        assertTrue(receiver.port() > 0);
        assertEquals("built-in receiver (not an OpenEMS Backend) ws://127.0.0.1:" + receiver.port(), receiver.label());
    }

    @Test
    void anAcceptedEdgeIsCountedAndGoesOnlineWithItsFirstMessage() throws Exception {
        PlainEdgeClient edge = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().openConnections() == 1,
                () -> receiver.traffic("edge0").toString());
        receiver.publishNow();
        BackendSide connectedOnly = backend("edge0");
        assertEquals(BackendSide.State.OFFLINE, connectedOnly.state(), "open, but no data yet");
        assertNotNull(connectedOnly.connectedSince());

        edge.send(PlainEdgeClient.edgeConfig(12));
        edge.send(PlainEdgeClient.timestampedData(1_700_000_000_000L, 3));
        String withVersion = "{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"1700000001000\":"
                + "{\"_meta/Version\":\"2026.5.0\",\"_sum/State\":0}}}";
        edge.send(withVersion);
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() == 3,
                () -> receiver.traffic("edge0").toString());

        TrafficSnapshot traffic = receiver.traffic("edge0").orElseThrow();
        assertEquals(5, traffic.dataPoints());
        assertEquals(12, traffic.configComponents());
        assertEquals("2026.5.0", traffic.version());
        long expectedBytes = PlainEdgeClient.edgeConfig(12).length() + PlainEdgeClient.timestampedData(1_700_000_000_000L, 3)
                .length() + withVersion.length();
        assertEquals(expectedBytes, traffic.bytes());
        assertNotNull(traffic.lastMessage());

        receiver.publishNow();
        BackendSide side = backend("edge0");
        assertTrue(side.online(), side.toString());
        assertEquals(3, side.messages());
        assertEquals(5, side.dataPoints());
        assertEquals("2026.5.0", side.version());
        assertEquals(List.of("edge0"), receiver.connectionsOpened().stream().map(BuiltInReceiver.ConnectionOpened::edge)
                .toList());
        edge.close();
    }

    @Test
    void aRequestGetsTheErrorAnOpenemsBackendSendsForUnhandledMethods() throws Exception {
        PlainEdgeClient edge = PlainEdgeClient.connect(http, receiver.edgeUri(), "key1-registered");
        edge.send("{\"jsonrpc\":\"2.0\",\"id\":\"0b5d7c1e-3f6a-4a8e-9d2c-111111111111\",\"method\":\"appCenter\","
                + "\"params\":{\"payload\":{}}}");
        Wait.until(PATIENCE, () -> !edge.received.isEmpty(), () -> "no answer");
        JsonObject answer = JsonParser.parseString(edge.received.get(0)).getAsJsonObject();
        assertEquals("0b5d7c1e-3f6a-4a8e-9d2c-111111111111", answer.get("id").getAsString());
        assertEquals(4001, answer.getAsJsonObject("error").get("code").getAsInt());
        edge.close();
    }

    @Test
    void anUnknownApikeyIsClosedWith1003AndNothingIsCounted() throws Exception {
        PlainEdgeClient edge = PlainEdgeClient.connect(http, receiver.edgeUri(), "key2-unknown");
        try {
            edge.send(PlainEdgeClient.timestampedData(1, 3));
        } catch (Exception e) {
            // the close may have come first
        }
        assertEquals(1003, edge.awaitClose());

        receiver.publishNow();
        BackendSide side = backend("edge2");
        assertEquals(BackendSide.State.REFUSED, side.state());
        assertTrue(side.reason().startsWith("apikey refused by the built-in receiver"), side.reason());
        assertFalse(side.reason().contains("key2-unknown"), "never the whole key: " + side.reason());
        TrafficSnapshot traffic = receiver.traffic("edge2").orElseThrow();
        assertEquals(0, traffic.messages());
        assertEquals(0, traffic.connectionsOpened());
        assertEquals(1, receiver.refusedConnections());
        BuiltInReceiver.Refusal refusal = receiver.refusals().get(0);
        assertEquals(Optional.of("edge2"), refusal.edge());

        receiver.writeBackNow();
        assertTrue(batches.isEmpty(), "nothing written for a refused edge: " + batches);
    }

    @Test
    void aKeyNoEdgeOfThisFleetHasIsRefusedWithoutNamingAnEdge() throws Exception {
        PlainEdgeClient stranger = PlainEdgeClient.connect(http, receiver.edgeUri(), "somebody-else");
        assertEquals(1003, stranger.awaitClose());
        PlainEdgeClient anonymous = PlainEdgeClient.connect(http, receiver.edgeUri(), null);
        assertEquals(1003, anonymous.awaitClose());

        assertEquals(2, receiver.refusedConnections());
        assertEquals(List.of(Optional.empty(), Optional.empty()),
                receiver.refusals().stream().map(BuiltInReceiver.Refusal::edge).toList());
        assertTrue(receiver.refusals().get(1).reason().contains("missing"), receiver.refusals().toString());
        receiver.publishNow();
        for (String edge : List.of("edge0", "edge1", "edge2")) {
            assertEquals(BackendSide.State.OFFLINE, backend(edge).state(), edge);
        }
    }

    @Test
    void whenTheRegistryFailsTheEdgeIsToldToTryAgainLater() throws Exception {
        registryDown = true;
        PlainEdgeClient edge = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        assertEquals(1013, edge.awaitClose());
        receiver.publishNow();
        BackendSide side = backend("edge0");
        assertEquals(BackendSide.State.OFFLINE, side.state());
        assertTrue(side.reason().contains("database went away"), side.reason());

        registryDown = false;
        PlainEdgeClient again = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        again.send(PlainEdgeClient.timestampedData(1, 1));
        Wait.until(PATIENCE, () -> {
            receiver.publishNow();
            return backend("edge0").online();
        }, () -> backend("edge0").toString());
        again.close();
    }

    @Test
    void writeBackCarriesOnlyChangesAndTheFinalDisconnect() throws Exception {
        PlainEdgeClient edge = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        edge.send(PlainEdgeClient.timestampedData(1, 2));
        edge.send("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"2\":{\"_meta/Version\":\"2026.1.0\"}}}");
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() == 2, () -> "messages missing");

        receiver.writeBackNow();
        assertEquals(1, batches.size());
        DeviceReport report = batches.get(0).get(0);
        assertEquals(List.of("edge0"), batches.get(0).stream().map(DeviceReport::edgeName).toList(),
                "only edges that got in");
        assertTrue(report.connected());
        assertEquals("2026.1.0", report.openemsVersion());
        assertNotNull(report.lastMessage());

        receiver.writeBackNow();
        assertEquals(1, batches.size(), "nothing changed, nothing written");

        edge.close();
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().openConnections() == 0, () -> "still open");
        receiver.publishNow();
        assertTrue(backend("edge0").reason().contains("closed normally by the edge"), backend("edge0").reason());
        receiver.writeBackNow();
        assertEquals(2, batches.size());
        assertFalse(batches.get(1).get(0).connected());

        PlainEdgeClient back = PlainEdgeClient.connect(http, receiver.edgeUri(), "key0-registered");
        back.send(PlainEdgeClient.timestampedData(3, 1));
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().messages() == 3, () -> "message missing");
        receiver.close();
        assertEquals(3, batches.size(), "close writes the disconnect");
        DeviceReport last = batches.get(2).get(0);
        assertFalse(last.connected());
        assertEquals("2026.1.0", last.openemsVersion());
        assertEquals(1001, back.awaitClose(), "the edge saw the receiver go away");
    }

    @Test
    void aTakenPortIsReportedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            FleetException e = assertThrows(FleetException.class,
                    () -> BuiltInReceiver.start(taken.getLocalPort(), state, this::lookup, recorder));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("--receiver-port"), e.getMessage());
        }
    }

    @Test
    void describesCloseCodes() {
        assertEquals("closed normally by the edge [1000]", BuiltInReceiver.describeClose(1000, "", true));
        assertEquals("connection lost without a close frame [1006]", BuiltInReceiver.describeClose(1006, null, true));
        assertEquals("going away by the receiver (fleet stops) [1001]",
                BuiltInReceiver.describeClose(1001, "fleet stops", false));
    }

    private BackendSide backend(String edge) {
        return state.edge(edge).orElseThrow().backend();
    }
}
