package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * The probe on real frameworks of the test edge app: the edge's own view of its health (its
 * {@code _sum} State, components SCR cannot activate and why), and a probe that costs nothing for
 * an edge whose components did not change.
 */
class EdgeHealthProbeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    void healthIsWhatTheEdgeSaysAndTheProbeReadsComponentsOnlyWhenTheyChange() throws Exception {
        WorkDir workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        runtime = new EdgeRuntime(app, state, 2, 50);

        WorkDir.EdgeDirs well = workDir.edge("edge0").create();
        ConfigFiles.singleton(well.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
        runtime.add(new EdgeLaunch("edge0", 0, well, Map.of()), "key0", EdgePorts.NONE);

        // edge1: _sum says WARNING, and a meter whose datasource reference matches nothing
        WorkDir.EdgeDirs sick = workDir.edge("edge1").create();
        ConfigFiles.singleton(sick.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
        ConfigFiles.singleton(sick.configDir(), "Core.Sum", "state=\"WARNING\"");
        ConfigFiles.factory(sick.configDir(), "Simulator.ProductionMeter.Acting", "m", "id=\"meter1\"",
                "datasource.target=\"(id\\=nowhere)\"");
        runtime.add(new EdgeLaunch("edge1", 1, sick, Map.of()), "key1", EdgePorts.NONE);
        runtime.startAll();

        Wait.until(PATIENCE, () -> health("edge0").state() != null && health("edge0").cycleMillis() != null,
                () -> edge("edge0").toString());
        EdgeHealth good = health("edge0");
        assertEquals(EdgeHealth.OK, good.state());
        assertEquals(Map.of(), good.notActivated());
        assertEquals(EdgeHealth.EdgeConfigCheck.NOT_APPLICABLE, good.edgeConfig(), "the test app has no ComponentManager");
        assertTrue(good.healthy(), good.toString());

        Wait.until(PATIENCE, () -> !health("edge1").notActivated().isEmpty(), () -> edge("edge1").toString());
        EdgeHealth bad = health("edge1");
        assertEquals("WARNING", bad.state());
        assertEquals(Map.of("meter1", "Unsatisfied reference for datasource ((id=nowhere))"), bad.notActivated());
        assertFalse(bad.healthy());
        assertTrue(bad.problem().startsWith("_sum State WARNING; meter1: Unsatisfied reference for datasource"),
                bad.problem());

        // An edge whose components do not change is probed without reading SCR's component states again.
        EdgeFramework edge0 = runtime.edgeFramework("edge0");
        Thread.sleep(1_500); // past SCR's change-count delay (1 s) for the start's last changes
        runtime.probeAll();
        int before = edge0.componentReads();
        for (int i = 0; i < 20; i++) {
            runtime.probeAll();
        }
        assertEquals(before, edge0.componentReads(), "20 probes of an unchanged edge read no component DTOs");

        // A component that changes state (switched off through SCR) is read again.
        ComponentSwitch.set(runtime.frameworkOf("edge0").getBundleContext(), "Core.Sum", false);
        Wait.until(PATIENCE, () -> {
            runtime.probeAll();
            return edge0.componentReads() > before;
        }, () -> "SCR's change count moved, so the probe reads the DTOs again: " + edge("edge0"));
        assertEquals(null, health("edge0").state(), "no _sum, no State");
        assertFalse(edge("edge0").healthy());
    }

    private EdgeStatus edge(String name) {
        return state.edge(name).orElseThrow();
    }

    private EdgeHealth health(String name) {
        return edge(name).health();
    }
}
