package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.state.EdgeHealth;
import fleet.state.EdgePorts;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * The test edge app's LAN discovery works like OpenEMS's mDNS: a delayed implementation that opens
 * a multicast socket when its consumer (a mandatory reference) activates. With fleet's stand-in the
 * consumer runs and the implementation never does; without it, it does.
 */
class LanDiscoveryStandInTest {

    private static final String TEST_SERVICE = "fleet.testedge.core.api.LanDiscovery";
    private static final String MARKER = "lan-discovery.started"; // written by the test app's implementation

    @TempDir
    Path dir;

    private EdgeRuntime runtime;
    private final FleetState state = new FleetState();

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stopAll(Duration.ofSeconds(20));
            runtime.close();
        }
    }

    @Test
    void theConsumerBindsTheStandInAndTheDiscoveryNeverStarts() throws Exception {
        WorkDir workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        runtime = new EdgeRuntime(app, state, 2, 50);
        WorkDir.EdgeDirs quiet = edge(workDir, "edge0");
        runtime.add(new EdgeLaunch("edge0", 0, quiet, Map.of(LanDiscoveryStandIn.SERVICES, TEST_SERVICE)), "k0",
                EdgePorts.NONE);
        WorkDir.EdgeDirs discovering = edge(workDir, "edge1");
        runtime.add(new EdgeLaunch("edge1", 1, discovering, Map.of()), "k1", EdgePorts.NONE);
        runtime.startAll();

        Wait.until(Duration.ofSeconds(30), () -> {
            runtime.probeAll();
            return state.edges().stream().allMatch(e -> e.health().state() != null && e.health().notActivated().isEmpty()
                    && e.components().active() >= 3) && Files.exists(discovering.dataDir().resolve(MARKER));
        }, () -> state.edges().toString());

        EdgeHealth quietHealth = state.edges().get(0).health();
        assertEquals(Map.of(), quietHealth.notActivated(), "the consumer runs with the stand-in: " + quietHealth);
        assertFalse(Files.exists(quiet.dataDir().resolve(MARKER)), "the edge's own discovery never started");
        assertTrue(Files.readString(discovering.dataDir().resolve(MARKER)).startsWith("port "),
                "without the stand-in the edge's discovery runs, as OpenEMS's would");
    }

    @Test
    void anEdgeAppWithoutTheServiceStartsAsUsual() throws Exception {
        WorkDir workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        runtime = new EdgeRuntime(app, state, 2, 50);
        runtime.add(new EdgeLaunch("edge0", 0, edge(workDir, "edge0"), EdgeLaunch.NO_LAN_DISCOVERY), "k0",
                EdgePorts.NONE); // OpenEMS's service name: the test app has no such package
        runtime.startAll();

        Wait.until(Duration.ofSeconds(30), () -> {
            runtime.probeAll();
            return state.edges().get(0).health().state() != null;
        }, () -> state.edges().toString());
        assertEquals(EdgeHealth.OK, state.edges().get(0).health().state());
    }

    private static WorkDir.EdgeDirs edge(WorkDir workDir, String name) throws Exception {
        WorkDir.EdgeDirs dirs = workDir.edge(name).create();
        ConfigFiles.singleton(dirs.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
        ConfigFiles.factory(dirs.configDir(), "Test.LanDiscoveryUser", "l", "id=\"lanDiscoveryUser0\"");
        return dirs;
    }
}
