package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycleProbeTest {

    private static final Pattern OPENEMS = Pattern.compile(BenchOptions.DEFAULT_CYCLE_PATTERN);

    @TempDir
    Path dir;

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void findsTheDebugLogLineEvenWhenItArrivesInPieces() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("edge0/logs"));
        Path console = dir.resolve("edge1.txt");
        CycleProbe probe = new CycleProbe(OPENEMS, List.of(
                new CycleProbe.Edge("edge0", List.of(logs), dir.resolve("edge0/data")),
                new CycleProbe.Edge("edge1", List.of(console), dir.resolve("edge1/data"))), System.nanoTime());
        probe.poll();
        assertEquals(0, probe.cycledCount());

        // as OpenEMS logs it: the activation line comes seconds before the first cycle
        append(logs.resolve("openems.log"), "INFO [ebuglog.ControllerDebugLogImpl] [ctrlDebugLog0] Activate Controller.Debug.Log\n"
                + "INFO [_cycle  ] [ctrlDebu");
        append(console, "WARNING: sun.misc.Unsafe\n[ctrlDebugLog0] Activate Controller.Debug.Log\n");
        probe.poll();
        assertEquals(List.of("edge0", "edge1"), probe.notCycled());
        assertTrue(probe.allCycledAfter().isEmpty());

        append(logs.resolve("openems.log"), "gLog0] _componentManager[State:FAULT] _sum[State:Fault Ess SoC:50 %]\n");
        probe.poll();
        assertEquals(List.of("edge1"), probe.notCycled());

        append(console, "INFO [ctrlDebugLog0] _sum[State:Ok Ess SoC:50 %|L:0 W Grid:-4600 W]");
        probe.poll();
        assertTrue(probe.allCycled());
        assertTrue(probe.allCycledAfter().getAsLong() >= 0);
    }

    @Test
    void aRotatedLogIsReadFromItsStart() throws IOException {
        Path log = dir.resolve("console.log");
        append(log, "x".repeat(200) + "\n");
        CycleProbe probe = new CycleProbe(OPENEMS, List.of(new CycleProbe.Edge("edge0", List.of(log), null)),
                System.nanoTime());
        probe.poll();
        Files.writeString(log, "[ctrlDebugLog0] _sum[State:Ok]\n");
        probe.poll();
        assertTrue(probe.allCycled());
    }

    @Test
    void theTestEdgeAppCyclesWhenItsCyclesFileAppears() throws IOException {
        Path data = dir.resolve("data");
        CycleProbe probe = new CycleProbe(OPENEMS,
                List.of(new CycleProbe.Edge("edge0", List.of(dir.resolve("missing.txt")), data)), System.nanoTime());
        Files.createDirectories(data.resolve("rrd4j/rrd4j0"));
        probe.poll();
        assertFalse(probe.allCycled());
        Files.writeString(data.resolve("rrd4j/rrd4j0/cycles.txt"), "cycleCount=1\n");
        probe.poll();
        assertTrue(probe.allCycled());
    }
}
