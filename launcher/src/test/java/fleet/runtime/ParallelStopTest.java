package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.launch.Framework;

import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.state.EdgePorts;
import fleet.state.FleetState;
import fleet.state.FrameworkState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * OpenEMS's Modbus/TCP API sleeps 10 s when it is deactivated. Eight edges of the test app do the
 * same: stopped one after the other they would need 80 s; fleet stops them within its 20-s grace.
 * At the fleet's own stop it also cuts that sleep short (nothing binds the port again).
 */
class ParallelStopTest {

    private static final int EDGES = 8;
    private static final int SLEEP_MS = 10_000;
    private static final Duration GRACE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** The test app's stand-in for OpenEMS's AbstractModbusApi.deactivate. */
    private static final DeactivationSleeps TEST_APP_SLEEPS =
            new DeactivationSleeps(Set.of("fleet.testedge.api.ModbusTcpApiReadOnly.deactivate"));

    @Test
    void edgesThatSleepOnDeactivationStopTogetherWithinTheGrace() {
        Duration took = stopEdgesThatSleep(SLEEP_MS, new DeactivationSleeps(Set.of()));
        assertTrue(took.toMillis() >= SLEEP_MS, "the components did sleep: " + took);
        assertTrue(took.compareTo(GRACE) < 0, "stopped together, not one after the other: " + took);
    }

    @Test
    void atTheFleetsStopTheDeactivationSleepIsCutShort() {
        Duration took = stopEdgesThatSleep(60_000, TEST_APP_SLEEPS);
        assertTrue(took.toMillis() < SLEEP_MS, "a 60-s sleep in every edge did not hold the stop: " + took);
    }

    @Test
    void edgesStillStoppingAfterTheGraceAreNamedWhenItEnds() {
        FleetState state = new FleetState();
        EdgeRuntime runtime = startEdgesThatSleep(60_000, state);
        List<Framework> frameworks = new ArrayList<>();
        for (int i = 0; i < EDGES; i++) {
            frameworks.add(runtime.frameworkOf("edge" + i));
        }
        try {
            long start = System.nanoTime();
            List<String> stuck = runtime.stopAll(Duration.ofSeconds(3), new DeactivationSleeps(Set.of()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(EDGES, stuck.size(), "every edge sleeps 60 s: " + stuck);
            assertTrue(took.toMillis() >= 3_000 && took.toMillis() < 4_500, "the stop ends with the grace: " + took);
            // and the edges deactivate on the fleet's own stop threads, started with the runtime, not
            // on one thread per framework started at the stop (slow with thousands of threads)
            List<String> deactivating = new ArrayList<>();
            for (Thread thread : LiveThreads.all()) {
                for (StackTraceElement frame : thread.getStackTrace()) {
                    if ((frame.getClassName() + "." + frame.getMethodName())
                            .equals("fleet.testedge.api.ModbusTcpApiReadOnly.deactivate")) {
                        deactivating.add(thread.getName());
                    }
                }
            }
            assertEquals(EDGES, deactivating.size(), deactivating.toString());
            assertTrue(deactivating.stream().allMatch(name -> name.startsWith(EdgeRuntime.STOP_CREW_NAME + "-")),
                    deactivating.toString());
        } finally {
            TEST_APP_SLEEPS.interrupt(); // lets the abandoned frameworks end now, not in a minute
            for (Framework framework : frameworks) {
                // they still write their storage while they end: wait, or the temp dir's removal races them
                try {
                    framework.waitForStop(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            runtime.close();
        }
    }

    /** Removing edges from a running fleet stops them together too; the others keep running. */
    @Test
    void removedEdgesStopTogether() {
        FleetState state = new FleetState();
        EdgeRuntime runtime = startEdgesThatSleep(5_000, state);
        try {
            List<String> leaving = List.of("edge7", "edge6", "edge5", "edge4", "edge3", "edge2");
            long start = System.nanoTime();
            List<String> stuck = runtime.removeAll(leaving, GRACE);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(List.of(), stuck);
            assertTrue(took.toMillis() >= 5_000 && took.toMillis() < 10_000,
                    "six 5-s deactivations together, not one after the other (30 s): " + took);
            assertEquals(List.of("edge0", "edge1"), state.edges().stream().map(e -> e.name()).toList());
            assertTrue(state.edges().stream().allMatch(e -> e.framework() == FrameworkState.ACTIVE),
                    state.edges().toString());
        } finally {
            runtime.stopAll(GRACE, TEST_APP_SLEEPS);
            runtime.close();
        }
    }

    /**
     * 200 real edges on two cores need about two minutes to stop, however parallel: the grace counts
     * from the last edge that finished, so a stop that keeps making progress is not cut off, and an
     * edge that hangs is still abandoned one grace after the others.
     */
    @Test
    void theGraceCountsFromTheLastEdgeThatFinished() {
        FleetState state = new FleetState();
        int hanging = EDGES - 1;
        // edges 0..6 finish one after the other, 1.5 s apart, over 10.5 s: three and a half graces
        EdgeRuntime runtime = startEdgesThatSleep(edge -> edge == hanging ? 60_000 : 1_500 * (edge + 1), state);
        Framework hung = runtime.frameworkOf("edge" + hanging);
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            long start = System.nanoTime();
            List<String> stuck = runtime.stopAll(Duration.ofSeconds(3), new DeactivationSleeps(Set.of()),
                    (stopped, total) -> reports.add(stopped + "/" + total));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(List.of("edge" + hanging), stuck, "only the hanging edge is abandoned");
            assertTrue(took.toMillis() >= 10_500 + 3_000 && took.toMillis() < 10_500 + 3_000 + 3_000,
                    "the stop ends one grace after the last edge that finished: " + took);
            assertEquals("0/8", reports.get(0), reports.toString());
            assertEquals("7/8", reports.get(reports.size() - 1), reports.toString());
        } finally {
            TEST_APP_SLEEPS.interrupt();
            try {
                hung.waitForStop(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runtime.close();
        }
    }

    private EdgeRuntime startEdgesThatSleep(int sleepMillis, FleetState state) {
        return startEdgesThatSleep(edge -> sleepMillis, state);
    }

    private EdgeRuntime startEdgesThatSleep(IntUnaryOperator sleepMillisOfEdge, FleetState state) {
        WorkDir workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        EdgeRuntime runtime = new EdgeRuntime(app, state, 2, 50);
        for (int i = 0; i < EDGES; i++) {
            WorkDir.EdgeDirs dirs = workDir.edge("edge" + i).create();
            ConfigFiles.factory(dirs.configDir(), "Controller.Api.ModbusTcp.ReadOnly", "m", "id=\"ctrlApiModbusTcp0\"",
                    "port=I\"0\"", "deactivateSleepMillis=I\"" + sleepMillisOfEdge.applyAsInt(i) + "\"");
            runtime.add(new EdgeLaunch("edge" + i, i, dirs, Map.of()), "key" + i, EdgePorts.NONE);
        }
        runtime.startAll();
        Wait.until(Duration.ofSeconds(60), () -> {
            runtime.probeAll();
            return state.edges().stream().allMatch(e -> e.framework() == FrameworkState.ACTIVE
                    && e.components().active() >= 3);
        }, () -> state.edges().toString());
        return runtime;
    }

    private Duration stopEdgesThatSleep(int sleepMillis, DeactivationSleeps sleeps) {
        FleetState state = new FleetState();
        EdgeRuntime runtime = startEdgesThatSleep(sleepMillis, state);
        try {
            long start = System.nanoTime();
            List<String> stuck = runtime.stopAll(GRACE, sleeps);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(List.of(), stuck, "every edge stopped within the grace");
            assertTrue(state.edges().stream().allMatch(e -> e.framework() == FrameworkState.STOPPED),
                    state.edges().toString());
            return took;
        } finally {
            runtime.close();
        }
    }
}
