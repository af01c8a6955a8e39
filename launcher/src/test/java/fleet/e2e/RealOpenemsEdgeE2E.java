package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real OpenEMS Edges run the built-in simulated configuration for 60 s — with only the bundles
 * the template needs, which is fleet's default — and run it clean. Runs only when
 * FLEET_OPENEMS_EDGE_JAR names an openems-edge.jar (OpenEMS builds it with ./gradlew buildEdge).
 */
@Tag("e2e")
class RealOpenemsEdgeE2E {

    @TempDir
    Path tmp;

    @Test
    void twoRealEdgesRunTheTemplateCleanAndKeepTheirDataApart() throws Exception {
        String jar = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(jar != null && !jar.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");
        Path start = Files.createDirectories(tmp.resolve("start"));

        FleetJar.Result result = FleetJar.run(start, Duration.ofMinutes(6), "--edges", "2", "--edge-app", jar,
                "--port-base", "23500", "--dashboard-port", "0", "--wait-online", "180s", "--duration", "60s", "--debug-log-edges", "2");

        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.stdout().contains("2 of 2 edges online"), result.all());
        Path work = start.resolve("fleet-work");
        for (int i = 0; i < 2; i++) {
            // rrd4j creates a directory per component at once; its files follow every few minutes
            List<Path> stores = directories(work.resolve("edges/edge" + i + "/data/rrd4j/rrd4j0"));
            assertTrue(stores.size() > 10, "edge" + i + " keeps its rrd4j data in its own data dir: " + stores);
            List<String> states = Files.readAllLines(work.resolve("edges/edge" + i + "/logs/openems.log")).stream()
                    .filter(line -> line.contains("[ctrlDebugLog0]") && line.contains("_sum[State:")).toList();
            assertTrue(states.size() >= 40, "edge" + i + " cycled about once a second for 60 s (cycles logged: "
                    + states.size() + ")");
            // OpenEMS reports FAULT in its first cycles ("configured component not activated": its
            // ComponentManager checks while the other components still activate, and again 5 s later), then
            // runs clean. With the warm start the cycle runs from the start, so that lasts about 5 cycles.
            java.time.LocalDateTime settled = java.time.LocalDateTime.parse(states.get(0).substring(0, 19))
                    .plusSeconds(15);
            List<String> faults = states.stream()
                    .filter(line -> java.time.LocalDateTime.parse(line.substring(0, 19)).isAfter(settled))
                    .filter(line -> line.contains("_sum[State:Fault")).toList();
            assertEquals(List.of(), faults, "edge" + i + ": no component in FAULT 15 s after the first cycle");
        }
        assertTrue(Files.notExists(start.resolve("rrd4j")) && Files.notExists(work.resolve("jvm/rrd4j")),
                "nothing lands in a JVM-wide data dir");
    }

    private static List<Path> directories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).toList();
        }
    }
}
