package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.plan.EdgeRange;
import fleet.state.BackendSide;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.Wait;

/**
 * With {@code --backend}: the backend side comes from openems_is_connected and a TCP probe of the
 * backend's port. (The openems_is_connected query against a real database is in ReceiverDatabaseTest.)
 */
class ExternalBackendViewTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void openemsIsConnectedDecidesWhileThePortAcceptsAndAClosedPortOverridesIt() throws Exception {
        FleetState state = new FleetState();
        state.add(EdgeStatus.pending("edge0", 0, "aaaa", EdgePorts.NONE));
        state.add(EdgeStatus.pending("edge1", 1, "bbbb", EdgePorts.NONE));
        Map<String, Boolean> flags = new ConcurrentHashMap<>(Map.of("edge0", true, "edge1", false));
        int port;
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                ExternalBackendView view = ExternalBackendView.start(URI.create("ws://127.0.0.1:" + backend.getLocalPort()),
                        new EdgeRange(0, 2), state, range -> Map.copyOf(flags), Duration.ofHours(1))) {
            port = backend.getLocalPort();
            view.pollNow();
            BackendSide edge0 = state.edge("edge0").orElseThrow().backend();
            assertTrue(edge0.online(), edge0.toString());
            BackendSide edge1 = state.edge("edge1").orElseThrow().backend();
            assertEquals(BackendSide.State.OFFLINE, edge1.state());
            assertTrue(edge1.reason().contains("openems_is_connected is false"), edge1.reason());
            assertEquals("OpenEMS Backend ws://127.0.0.1:" + port, view.label());

            backend.close();
            view.pollNow();
            for (String edge : List.of("edge0", "edge1")) {
                BackendSide side = state.edge(edge).orElseThrow().backend();
                assertEquals(BackendSide.State.OFFLINE, side.state(), edge);
                assertEquals("connection refused (nothing listens on 127.0.0.1:" + port + ")", side.reason(), edge);
            }
        }
    }

    @Test
    void anUnreadableDatabaseIsTheReason() throws Exception {
        FleetState state = new FleetState();
        state.add(EdgeStatus.pending("edge0", 0, "aaaa", EdgePorts.NONE));
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                ExternalBackendView view = ExternalBackendView.start(URI.create("ws://127.0.0.1:" + backend.getLocalPort()),
                        new EdgeRange(0, 1), state, range -> {
                            throw new IllegalStateException("database db1 at 10.0.0.9:5432 went away");
                        }, Duration.ofHours(1))) {
            view.pollNow();
            BackendSide side = state.edge("edge0").orElseThrow().backend();
            assertEquals(BackendSide.State.OFFLINE, side.state());
            assertEquals("cannot read openems_is_connected: database db1 at 10.0.0.9:5432 went away", side.reason());
        }
    }

    @Test
    void aRealEdgeWhoseBackendIsNotListeningIsReportedAsConnectionRefused() throws Exception {
        int closed = ConfigFiles.freePort();
        URI backend = URI.create("ws://127.0.0.1:" + closed);
        try (TestFleet fleet = new TestFleet(dir, 1, 50);
                ExternalBackendView view = ExternalBackendView.start(backend, new EdgeRange(0, 1), fleet.state,
                        range -> Map.of("edge0", false), Duration.ofMillis(200))) {
            fleet.add(0, "edge0-key-aaaaaaaaaaaa", backend);
            view.expectEdges(fleet.apikeys);
            fleet.runtime.startAll();
            Wait.until(PATIENCE, () -> {
                fleet.runtime.probeAll();
                EdgeStatus edge = fleet.state.edge("edge0").orElseThrow();
                return edge.lastCycle() != null && !edge.backend().reason().isEmpty();
            }, () -> fleet.state.edges().toString());

            OnlineReport report = new OnlineWait(fleet.state, view).await(Duration.ofSeconds(1), () -> false);
            assertFalse(report.allOnline());
            NotOnline edge0 = report.notOnline().get(0);
            assertEquals(NotOnline.Reason.CONNECTION_REFUSED, edge0.reason(), edge0.toString());
            assertEquals("edge0: connection refused — nothing listens on 127.0.0.1:" + closed, edge0.line());
            assertTrue(report.failureLines().stream().anyMatch(l -> l.startsWith("What to do: start the OpenEMS Backend")),
                    report.failureLines().toString());
        }
    }
}
