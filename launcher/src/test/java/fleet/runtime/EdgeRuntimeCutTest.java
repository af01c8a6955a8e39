package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.FleetException;
import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.link.BuiltInReceiver;
import fleet.state.EdgeConnection;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * {@link EdgeRuntime#cutBackend}: the edge-side cut used with an external backend. A real framework
 * runs the test edge app against a websocket server (here the built-in receiver, only as something
 * to connect to); SCR disables its {@code Controller.Api.Backend}, the connection closes, and after
 * the time the component is back and the edge connects again.
 */
class EdgeRuntimeCutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EdgeRuntime runtime;
    private BuiltInReceiver receiver;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stopAll(Duration.ofSeconds(20));
            runtime.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void disablesTheBackendControllerForTheTimeAndEnablesItAgain() {
        WorkDir workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        FleetState state = new FleetState();
        receiver = BuiltInReceiver.start(0, state, key -> Optional.of("edge0"), reports -> {
        });
        runtime = new EdgeRuntime(app, state, 2, 50);
        WorkDir.EdgeDirs dirs = workDir.edge("edge0").create();
        ConfigFiles.singleton(dirs.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
        ConfigFiles.factory(dirs.configDir(), "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"",
                "apikey=\"edge0-key\"", "uri=\"" + receiver.edgeUri() + "\"", "reconnectMinSeconds=I\"1\"",
                "reconnectMaxSeconds=I\"1\"");
        runtime.add(new EdgeLaunch("edge0", 0, dirs, Map.of()), "edge", EdgePorts.NONE);
        runtime.startAll();

        Wait.until(PATIENCE, () -> connection(state) == EdgeConnection.CONNECTED, () -> edge(state).toString());
        int activeBefore = edge(state).components().active();

        long cutAt = System.nanoTime();
        runtime.cutBackend("edge0", Duration.ofSeconds(3));

        runtime.probeAll();
        EdgeStatus during = edge(state);
        assertEquals(EdgeConnection.UNKNOWN, during.edgeConnection(), "no backend controller while cut: " + during);
        assertEquals(activeBefore - 1, during.components().active(), "the disabled component is not active");
        Wait.until(PATIENCE, () -> receiver.traffic("edge0").orElseThrow().openConnections() == 0,
                () -> receiver.traffic("edge0").toString());

        Wait.until(PATIENCE, () -> connection(state) == EdgeConnection.CONNECTED, () -> edge(state).toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - cutAt).toMillis() >= 3_000, "not back before the time is up");
        assertEquals(activeBefore, edge(state).components().active());
        assertEquals(1, receiver.traffic("edge0").orElseThrow().openConnections());

        FleetException unknown = assertThrows(FleetException.class, () -> runtime.cutBackend("edge9", Duration.ofSeconds(1)));
        assertTrue(unknown.getMessage().contains("edge9"), unknown.getMessage());
        runtime.stop("edge0", Duration.ofSeconds(20));
        FleetException stopped = assertThrows(FleetException.class, () -> runtime.cutBackend("edge0", Duration.ofSeconds(1)));
        assertTrue(stopped.getMessage().contains("not running"), stopped.getMessage());
    }

    private EdgeConnection connection(FleetState state) {
        runtime.probeAll();
        return edge(state).edgeConnection();
    }

    private static EdgeStatus edge(FleetState state) {
        return state.edge("edge0").orElseThrow();
    }
}
