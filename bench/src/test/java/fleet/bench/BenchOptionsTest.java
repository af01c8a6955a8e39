package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @TempDir
    Path root;
    Path cwd;

    @BeforeEach
    void files() throws IOException {
        cwd = Files.createDirectories(root.resolve("here"));
        Files.writeString(cwd.resolve("app.jar"), "");
        Files.createDirectories(root.resolve("launcher/target"));
        Files.writeString(root.resolve("launcher/target/fleet.jar"), "");
    }

    private BenchOptions parse(String... args) {
        return BenchOptions.parse(List.of(args), cwd, root);
    }

    @Test
    void defaultsMatchTheIssue() {
        BenchOptions o = parse("--edge-app", "app.jar");
        assertEquals(cwd.resolve("app.jar"), o.edgeApp());
        assertEquals(List.of(1, 10, 50), o.edges());
        assertEquals(Duration.ofSeconds(60), o.steady());
        assertEquals(Duration.ofSeconds(30), o.settle());
        assertEquals(10, o.baselineMax());
        assertTrue(o.baselineFor(10));
        assertFalse(o.baselineFor(50));
        assertEquals("256m", o.baselineXmx());
        assertEquals("\\[ctrlDebugLog0\\].*_sum\\[", o.cyclePattern().pattern());
        assertEquals(root.resolve("launcher/target/fleet.jar"), o.fleetJar());
        assertEquals(root.resolve("target/bench"), o.outDir());
        assertEquals(List.of(), o.fleetArgs().args());
        assertFalse(o.keepScratch());
    }

    @Test
    void readsEveryOptionInBothForms() {
        BenchOptions o = parse("--edge-app=app.jar", "--edges", "3, 1,3", "--steady=10s", "--settle", "0",
                "--baseline-max", "0", "--fleet-args", "--start-concurrency 1", "--online-timeout", "2m",
                "--port-base", "30000", "--baseline-xmx", "1g", "--cycle-pattern", "cycle!", "--out", "res",
                "--keep-scratch");
        assertEquals(List.of(3, 1), o.edges());
        assertEquals(Duration.ofSeconds(10), o.steady());
        assertEquals(Duration.ZERO, o.settle());
        assertFalse(o.baselineFor(1));
        assertEquals(List.of("--start-concurrency", "1"), o.fleetArgs().args());
        assertEquals(Duration.ofMinutes(2), o.onlineTimeout());
        assertEquals(30000, o.portBase());
        assertEquals("1g", o.baselineXmx());
        assertEquals("cycle!", o.cyclePattern().pattern());
        assertEquals(cwd.resolve("res"), o.outDir());
        assertTrue(o.keepScratch());
    }

    @Test
    void helpNeedsNothingElse() {
        assertNull(parse("--help"));
        assertNull(parse("-h"));
    }

    @Test
    void badInputNamesOptionValueAndRule() {
        assertMessage("--edge-app JAR is required, e.g. --edge-app test-edge-app/app/target/test-edge-app.jar");
        assertMessage("--edges 1,0: 0 is not a fleet size (1 to 10000)", "--edge-app", "app.jar", "--edges", "1,0");
        assertMessage("--edges 1,x: x is not a whole number", "--edge-app", "app.jar", "--edges", "1,x");
        assertMessage("--steady 2s: must be at least 5s (CPU ticks are 10 ms)", "--edge-app", "app.jar", "--steady", "2s");
        assertMessage("--port-base 80: must be between 1024 and 60000", "--edge-app", "app.jar", "--port-base", "80");
        assertMessage("--baseline-xmx lots: write a JVM size such as 256m", "--edge-app", "app.jar", "--baseline-xmx", "lots");
        assertMessage("--cycle-pattern [x: not a regular expression (Unclosed character class)", "--edge-app", "app.jar",
                "--cycle-pattern", "[x");
        assertMessage("--steady: given twice", "--edge-app", "app.jar", "--steady", "10s", "--steady=20s");
        assertMessage("--steady: missing value", "--edge-app", "app.jar", "--steady");
        assertMessage("unknown option --edge; see scripts/bench --help", "--edge", "3");
        assertMessage("--edge-app " + cwd.resolve("none.jar") + ": no such file; give openems-edge.jar or "
                + "test-edge-app/app/target/test-edge-app.jar", "--edge-app", "none.jar");
    }

    private void assertMessage(String expected, String... args) {
        BenchException e = assertThrows(BenchException.class, () -> parse(args));
        assertEquals(expected, e.getMessage());
        assertEquals(BenchException.BAD_INPUT, e.exitCode());
    }
}
