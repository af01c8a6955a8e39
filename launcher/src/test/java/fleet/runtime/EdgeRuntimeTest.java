package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.plan.OsgiFramework;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * Three real OSGi frameworks (Equinox, and Felix in {@link EdgeRuntimeFelixTest}) running the test edge application in this JVM: each loads its own
 * configuration, writes its data into its own directory although the code asks the JVM-wide
 * {@code openems.data.dir}, binds its own port, and survives the others stopping or crashing.
 */
class EdgeRuntimeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private WorkDir workDir;
    private FleetState state;
    private EdgeRuntime runtime;
    private final Map<String, Integer> restPorts = new HashMap<>();

    /** The framework the edges run on: the default here, Felix in {@link EdgeRuntimeFelixTest}. */
    OsgiFramework framework() {
        return OsgiFramework.DEFAULT;
    }

    @BeforeEach
    void startThreeEdges() {
        workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        state = new FleetState();
        runtime = new EdgeRuntime(app, state, 2, 50, framework());
        for (int i = 0; i < 3; i++) {
            String name = "edge" + i;
            WorkDir.EdgeDirs dirs = workDir.edge(name).create();
            int port = ConfigFiles.freePort();
            restPorts.put(name, port);
            ConfigFiles.singleton(dirs.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
            ConfigFiles.factory(dirs.configDir(), "Timedata.Rrd4j", "a" + i, "id=\"rrd4j0\"");
            ConfigFiles.factory(dirs.configDir(), "Controller.Api.Rest.ReadOnly", "b" + i,
                    "id=\"ctrlApiRest0\"", "port=I\"" + port + "\"");
            if (i == 2) {
                ConfigFiles.factory(dirs.configDir(), "Test.Crash", "c", "id=\"crash0\"", "afterCycles=I\"1000000\"");
                writeString(dirs.loadDir().resolve("notes.txt"), "FileInstall watches this edge's load/ directory");
            }
            runtime.add(new EdgeLaunch(name, i, dirs, Map.of()), "key" + i, new EdgePorts(port, 0, 0, 0));
        }
        runtime.startAll();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stopAll(Duration.ofSeconds(20));
            runtime.close();
        }
    }

    @Test
    void eachEdgeHasItsOwnConfigurationDataAndPorts() throws Exception {
        for (EdgeStatus edge : state.edges()) {
            assertEquals(FrameworkState.ACTIVE, edge.framework(), edge.name() + ": " + edge.failure());
        }
        for (int i = 0; i < 3; i++) {
            String name = "edge" + i;
            Path cycles = workDir.edge(name).dataDir().resolve("rrd4j/rrd4j0/cycles.txt");
            Wait.until(PATIENCE, () -> Files.isRegularFile(cycles), () -> cycles + " was never written");
            String content = Files.readString(cycles);
            assertTrue(content.contains("felix.cm.dir=" + workDir.edge(name).configDir()),
                    "written by the edge whose configuration it is: " + content);
            assertTrue(content.contains("openems.data.dir=" + workDir.edge(name).dataDir()),
                    "System.getProperty answered with this edge's own data dir: " + content);
            assertEquals(200, httpGet(restPorts.get(name)), name + " answers on its own port");
        }
        assertEquals(3, restPorts.values().stream().distinct().count());
        try (var stream = Files.list(workDir.root())) {
            assertTrue(stream.noneMatch(p -> p.getFileName().toString().equals("rrd4j")),
                    "nothing lands in a JVM-wide data dir");
        }
    }

    @Test
    void theProbeReportsComponentsAndCycles() {
        runtime.probeAll();
        Wait.until(PATIENCE, () -> {
            runtime.probeAll();
            return state.edges().stream().allMatch(e -> e.lastCycle() != null && e.components().active() >= 3);
        }, () -> state.edges().toString());
        for (EdgeStatus edge : state.edges()) {
            assertEquals(edge.bundlesTotal(), edge.bundlesActive(), edge.name() + " has every bundle active");
            assertTrue(edge.lastCycle().isAfter(Instant.now().minusSeconds(5)), edge.name() + " cycles");
            assertEquals(0, edge.components().failed(), edge.name());
        }
    }

    @Test
    void stoppingOneEdgeLeavesTheOthersRunning() throws Exception {
        assertTrue(runtime.stop("edge1", Duration.ofSeconds(20)));

        assertEquals(FrameworkState.STOPPED, state.edge("edge1").orElseThrow().framework());
        assertCycling("edge0");
        assertCycling("edge2");
        assertNotEquals(200, httpGetOrZero(restPorts.get("edge1")), "the stopped edge released its port");

        runtime.start("edge1");
        assertEquals(FrameworkState.ACTIVE, state.edge("edge1").orElseThrow().framework());
        assertCycling("edge1");
    }

    @Test
    void aCrashingEdgeIsReportedAndTheOthersKeepRunning() throws Exception {
        Path crashConfig = workDir.edge("edge2").configDir().resolve("Test/Crash/c.config");
        assertTrue(Files.exists(crashConfig));
        // Crash edge2 now: restart it with a crash due after 3 cycles.
        assertTrue(runtime.stop("edge2", Duration.ofSeconds(20)));
        ConfigFiles.factory(workDir.edge("edge2").configDir(), "Test.Crash", "c", "id=\"crash0\"", "afterCycles=I\"3\"");
        runtime.start("edge2");

        Wait.until(PATIENCE, () -> {
            runtime.probeAll();
            return state.edge("edge2").orElseThrow().framework() == FrameworkState.FAILED;
        }, () -> state.edge("edge2") + "\n" + consoleLog("edge2"));

        EdgeStatus crashed = state.edge("edge2").orElseThrow();
        assertTrue(crashed.failure().contains("stopped without being asked"), crashed.failure());
        assertCycling("edge0");
        assertCycling("edge1");
        runtime.probeAll();
        assertEquals(List.of(FrameworkState.ACTIVE, FrameworkState.ACTIVE),
                List.of(state.edge("edge0").orElseThrow().framework(), state.edge("edge1").orElseThrow().framework()));
    }

    @Test
    void fileInstallRunsOnlyWhereTheLoadDirectoryIsUsed() {
        assertEquals(List.of(false, false, true), List.of(hasFileInstall("edge0"), hasFileInstall("edge1"),
                hasFileInstall("edge2")));
    }

    private boolean hasFileInstall(String edge) {
        return java.util.Arrays.stream(runtime.frameworkOf(edge).getBundleContext().getBundles())
                .anyMatch(b -> EdgeFramework.FILE_INSTALL.equals(b.getSymbolicName()));
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertCycling(String name) throws IOException, InterruptedException {
        Path cycles = workDir.edge(name).dataDir().resolve("rrd4j/rrd4j0/cycles.txt");
        Wait.until(PATIENCE, () -> Files.isRegularFile(cycles), () -> cycles + " missing");
        String before = Files.readString(cycles);
        Wait.until(PATIENCE, () -> {
            try {
                return !Files.readString(cycles).equals(before);
            } catch (IOException e) {
                return false;
            }
        }, () -> name + " stopped cycling");
        assertNotNull(state.edge(name).orElseThrow());
    }

    private String consoleLog(String name) {
        try {
            return Files.readString(workDir.edge(name).logsDir().resolve("console.log"));
        } catch (IOException e) {
            return "(no console.log: " + e + ")";
        }
    }

    private static int httpGet(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rest/channel/_sum/State"))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int httpGetOrZero(int port) {
        try {
            return httpGet(port);
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }
}
