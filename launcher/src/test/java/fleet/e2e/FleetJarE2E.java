package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;

/**
 * fleet as a user runs it: {@code java -jar fleet.jar ...} as a process, from a start directory
 * that holds files of the user's which OpenEMS would delete if it ran there.
 */
@Tag("e2e")
class FleetJarE2E {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void runsThreeEdgesAndLeavesTheStartDirectoryAlone() throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));
        FileTime old = FileTime.fromMillis(1_000_000_000L);
        for (String name : new String[] {"keep.log", "core", "old.hprof"}) {
            Files.writeString(start.resolve(name), "the user's " + name);
            Files.setLastModifiedTime(start.resolve(name), old);
        }
        Path template = Files.createDirectories(tmp.resolve("template"));
        ConfigFiles.singleton(template, "Core.Cycle", "cycleTime=I\"200\"");
        ConfigFiles.factory(template, "Timedata.Rrd4j", "t", "id=\"rrd4j0\"");
        ConfigFiles.factory(template, "Controller.Api.Rest.ReadOnly", "r", "id=\"ctrlApiRest0\"", "port=I\"8084\"");
        ConfigFiles.factory(template, "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"", "apikey=\"x\"",
                "uri=\"\"", "reconnectMinSeconds=I\"1\"", "reconnectMaxSeconds=I\"2\"");
        // Deletes *.log and core files in the JVM's working directory, as OpenEMS does every 5 minutes.
        ConfigFiles.factory(template, "Test.WorkingDirCleaner", "c", "id=\"cleaner0\"", "everyCycles=I\"2\"");
        // Proof that the cleaner really runs where fleet puts the hosting JVM.
        Path victim = start.resolve("fleet-work/jvm/victim.log");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "OpenEMS deletes this");

        FleetJar.Result result = FleetJar.run(start, TIMEOUT, "--edges", "3", "--edge-app", TestEdgeApp.jar().toString(),
                "--template", template.toString(), "--port-base", Integer.toString(randomPortBase()),
                "--dashboard-port", "0", "--wait-online", "60s", "--duration", "6s");

        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.stdout().contains("3 of 3 edges started"), result.all());
        assertTrue(result.stdout().contains("3 of 3 edges online"), result.all());
        Path work = start.resolve("fleet-work");
        for (int i = 0; i < 3; i++) {
            Path edge = work.resolve("edges/edge" + i);
            for (String dir : new String[] {"config.d", "data", "cache", "logs"}) {
                assertTrue(Files.isDirectory(edge.resolve(dir)), edge.resolve(dir) + " exists");
            }
            assertTrue(Files.isRegularFile(edge.resolve("data/rrd4j/rrd4j0/cycles.txt")), "edge" + i + " wrote its data");
        }
        assertFalse(Files.exists(victim), "the cleaner ran in fleet's own jvm directory");
        assertEquals(Set.of("keep.log", "core", "old.hprof", "fleet-work"), list(start), "nothing else appeared");
        for (String name : new String[] {"keep.log", "core", "old.hprof"}) {
            assertEquals("the user's " + name, Files.readString(start.resolve(name)));
            assertEquals(old, Files.getLastModifiedTime(start.resolve(name)), name + " untouched");
        }
    }

    @Test
    void theBuiltInTemplateBringsEdgesOnlineAgainstTheBuiltInReceiver() throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));

        FleetJar.Result result = FleetJar.run(start, TIMEOUT, "--edges", "2", "--edge-app", TestEdgeApp.jar().toString(),
                "--port-base", Integer.toString(randomPortBase()), "--dashboard-port", "0", "--wait-online", "90s",
                "--duration", "1s");

        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.stdout().contains("built-in receiver (not an OpenEMS Backend)"), result.all());
        assertTrue(result.stdout().contains("2 of 2 edges online"), result.all());
    }

    @Test
    void edgesThatDoNotComeOnlineEndWithExitCodeThreeAndTheReason() throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));
        int nothingListens = ConfigFiles.freePort();

        FleetJar.Result result = FleetJar.run(start, TIMEOUT, "--edges", "2", "--edge-app", TestEdgeApp.jar().toString(),
                "--port-base", Integer.toString(randomPortBase()), "--dashboard-port", "0",
                "--backend", "ws://127.0.0.1:" + nothingListens, "--wait-online", "15s");

        assertEquals(3, result.exitCode(), result.all());
        assertTrue(result.stderr().contains("2 of 2 edges not online and healthy after 15 s"), result.all());
        assertTrue(result.stderr().contains("connection refused"), result.all());
        assertTrue(result.stderr().contains("edge0") && result.stderr().contains("edge1"), result.all());
    }

    @Test
    void aDashboardPortInUseStopsTheRunBeforeAnythingIsRegistered() throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            FleetJar.Result result = FleetJar.run(start, TIMEOUT, "--edges", "2", "--edge-app",
                    TestEdgeApp.jar().toString(), "--port-base", Integer.toString(randomPortBase()), "--dashboard-port",
                    Integer.toString(taken.getLocalPort()));

            assertEquals(1, result.exitCode(), result.all());
            assertEquals(1, result.stderr().strip().lines().count(), "one line: " + result.all());
            assertTrue(result.stderr().contains("port " + taken.getLocalPort() + " (the dashboard (--dashboard-port))"
                    + " is already in use"), result.all());
            assertFalse(Files.exists(start.resolve("fleet-work/postgres")), "no database was started");
            assertFalse(Files.exists(start.resolve("fleet-work/edges")), "no edge was rendered");
        }
    }

    @Test
    void badFlagsAreOneLineAndExitCodeTwo() throws Exception {
        FleetJar.Result result = FleetJar.run(tmp, Duration.ofSeconds(60), "--edges", "0");

        assertEquals(2, result.exitCode(), result.all());
        assertEquals(1, result.stderr().strip().lines().count(), result.all());
        assertTrue(result.stderr().contains("--edges 0"), result.all());
        assertEquals(Set.of(), list(tmp), "bad input changes nothing");
    }

    /** Below Linux's ephemeral range (32768+), where outgoing connections take their ports. */
    private static int randomPortBase() {
        return 21_000 + ThreadLocalRandom.current().nextInt(0, 1_100) * 10;
    }

    private static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
