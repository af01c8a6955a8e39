package fleet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.state.EdgeEnergy;
import fleet.state.EdgeHealth;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.workdir.WorkDir;

class EnergyReportTest {

    @TempDir
    Path tmp;

    private static final List<String> LINES = List.of(EnergyLog.HEADER,
            "2026-12-07T10:00:00Z,1000,2000,500,0,,",
            "2026-12-07T10:01:00Z,1010,2030,520,0,,",
            "2026-12-07T10:02:00Z,1025,2050,530,1,,",
            "2026-12-07T10:03:00Z,5,10,2,0,,", // restarted without timedata: counting from 0 again
            "2026-12-07T10:04:00Z,12,25,3,0,,",
            "2026-12-07T10:05:0"); // cut short by a crash

    @Test
    void sumsIncreasesWithinTheWindowAndSurvivesACounterRestart() {
        EnergyReport.Row all = EnergyReport.row("edge0", LINES, Optional.empty(), Optional.empty()).orElseThrow();
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), all.first());
        assertEquals(Instant.parse("2026-12-07T10:04:00Z"), all.last());
        assertArrayEquals(new long[] {25 + 5 + 7, 50 + 10 + 15, 30 + 2 + 1, 1, 0, 0}, all.wh());

        EnergyReport.Row window = EnergyReport.row("edge0", LINES, Optional.of(Instant.parse("2026-12-07T10:01:00Z")),
                Optional.of(Instant.parse("2026-12-07T10:02:30Z"))).orElseThrow();
        assertArrayEquals(new long[] {15, 20, 10, 1, 0, 0}, window.wh());
        assertEquals("edge0,2026-12-07T10:01:00Z,2026-12-07T10:02:00Z,15,20,10,1,0,0", EnergyReport.csv(window));

        assertTrue(EnergyReport.row("edge0", LINES, Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
                Optional.empty()).isEmpty(), "no samples in the window: no row");
    }

    @Test
    void theLogAppendsEveryEdgeThatHasCountersAndTheReportReadsThemBack() throws Exception {
        WorkDir workDir = new WorkDir(tmp).create();
        FleetState state = new FleetState();
        for (int i = 0; i < 3; i++) {
            workDir.edge("edge" + i).create();
            state.add(EdgeStatus.pending("edge" + i, i, "key" + i, EdgePorts.NONE));
        }
        state.update("edge0", s -> s.withHealth(withEnergy(new EdgeEnergy(100L, 200L, null, null, null, null))));
        state.update("edge2", s -> s.withHealth(withEnergy(new EdgeEnergy(7L, 9L, 1L, 2L, 3L, 4L))));
        try (EnergyLog log = EnergyLog.start(state, workDir, Duration.ofMillis(200))) {
            Thread.sleep(700);
            state.update("edge0", s -> s.withHealth(withEnergy(new EdgeEnergy(130L, 260L, null, null, null, null))));
            Thread.sleep(500);
            log.sampleNow();
        }
        assertTrue(Files.notExists(workDir.edge("edge1").energyFile()), "an edge without counters gets no file");
        List<String> edge0 = Files.readAllLines(workDir.edge("edge0").energyFile());
        assertEquals(EnergyLog.HEADER, edge0.get(0), "one header");
        assertEquals(1, edge0.stream().filter(EnergyLog.HEADER::equals).count());
        assertTrue(edge0.size() >= 4, edge0.toString());
        List<EnergyReport.Row> rows = EnergyReport.of(workDir, Optional.empty(), Optional.empty());
        assertEquals(List.of("edge0", "edge2"), rows.stream().map(EnergyReport.Row::edge).toList());
        assertArrayEquals(new long[] {30, 60, 0, 0, 0, 0}, rows.get(0).wh());
    }

    private static EdgeHealth withEnergy(EdgeEnergy energy) {
        EdgeHealth u = EdgeHealth.UNKNOWN;
        return new EdgeHealth("OK", u.notActivated(), u.edgeConfig(), u.missing(), null, null, null, null, null, "",
                energy, List.of());
    }
}
