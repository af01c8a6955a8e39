package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.bench.TrialResult.Footprint;
import fleet.bench.TrialResult.Run;
import fleet.bench.TrialResult.Timings;

class ReportTest {

    @TempDir
    Path dir;

    static final TrialResult FLEET_10 = new TrialResult(10, Run.FLEET,
            new Timings(30.0, 23.4, 33.5, 26.4, 35.0, 10, 10),
            new Footprint(1000, 1100, 1200, 170, 200, 50_000, 2000, 580, 25, 300), 1.5, 1.8, "-Xms64m -Xmx656m", List.of());
    static final TrialResult BASELINE_10 = new TrialResult(10, Run.BASELINE,
            new Timings(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 20.0, 10, 10),
            new Footprint(2770, 2800, 2000, 550, 350, 79_000, 3280, 980, 20, 600), 1.8, 2.0, "-Xmx256m", List.of());
    static final TrialResult FAILED_50 = new TrialResult(50, Run.FLEET, Timings.NONE, Footprint.NONE, 2.0, Double.NaN,
            "", List.of("fleet 50: fleet ended with exit code 1 | before all edges were online"));

    private RunInfo info() throws IOException {
        Files.writeString(dir.resolve("app.jar"), "jar");
        Files.writeString(dir.resolve("fleet.jar"), "jar");
        BenchOptions options = BenchOptions.parse(List.of("--edge-app", "app.jar", "--fleet-jar", "fleet.jar",
                "--fleet-args", "--start-concurrency 2"), dir, dir);
        return new RunInfo("2026-11-26 10:00", 2, 8 * 1024 * 1024, "OpenJDK 25", "app.jar", 3, "abc", "built 2026-11-26 09:59, sources at 1234abc",
                "--start-concurrency 2",
                "", new double[] { 0.5, 0.4, 0.3 }, options);
    }

    @Test
    void markdownHasTotalsPerEdgeAndRatios() throws IOException {
        String md = Report.markdown(info(), List.of(FLEET_10, BASELINE_10, FAILED_50));
        assertTrue(md.contains("| 10 | fleet | 30.0 s (23.4) | 33.5 s (26.4) | 35.0 s | 1000 MiB (100 MiB) | 1100 MiB "
                + "| 300 MiB (30.0 MiB) | 170 MiB (17.0 MiB) | 200 MiB (20.0 MiB) | 50,000 (5,000) | 580 (58) | 25.0 % (2.50 %) | 1200 MiB | 1.5 → 1.8 |"), md);
        assertTrue(md.contains("| 10 | baseline | — | — | 20.0 s | 2770 MiB (277 MiB) |"), md);
        assertTrue(md.contains("| 10 | fleet ÷ baseline | | | 1.75× | 0.36× | 0.39× | 0.50× | 0.31× | 0.57× | 0.63× | 0.59× | 1.25× | 0.60× | |"), md);
        assertTrue(md.contains("| 50 | fleet | — | — | — | — |"), md);
        assertTrue(md.contains("- fleet 50: fleet ended with exit code 1 \\| before all edges were online"), md);
        assertTrue(md.contains("load average at start 0.50 / 0.40 / 0.30"), md);
        assertTrue(md.contains("- fleet.jar: built 2026-11-26 09:59, sources at 1234abc\n"), md);
        assertTrue(md.contains("fleet's hosting JVM ran with N=10: `-Xms64m -Xmx656m`\n"), md);
        assertTrue(md.contains("--work-dir <scratch> --start-concurrency 2`"), md);
    }

    @Test
    void csvHasOneRawRowPerRunAndEmptyCellsForWhatWasNotMeasured() {
        List<String> lines = Report.csv(List.of(FLEET_10, BASELINE_10, FAILED_50)).lines().toList();
        assertEquals(4, lines.size());
        int columns = Report.CSV_HEADER.split(",").length;
        assertEquals("10,fleet,30,23.400,33.500,26.400,35,10,10,1000,1100,1200,170,200,50000,2000,580,25,100,17,20,5000,58,2.500,1.500,1.800,300,",
                lines.get(1));
        assertEquals(columns, lines.get(1).split(",", -1).length);
        assertTrue(lines.get(2).startsWith("10,baseline,,,,,20,10,10,2770,"), lines.get(2));
        assertTrue(lines.get(3).endsWith(",2,,,\"fleet 50: fleet ended with exit code 1 | before all edges were online\""),
                lines.get(3));
    }

    @Test
    void chartIsAPngWithRoundScales() throws IOException {
        Path png = dir.resolve("bench.png");
        Chart.write(png, info(), List.of(FLEET_10, BASELINE_10, FAILED_50));
        var image = ImageIO.read(png.toFile());
        assertEquals(1380, image.getWidth());
        assertEquals(730, image.getHeight());
        assertEquals(1, Chart.niceCeiling(0));
        assertEquals(2.5, Chart.niceCeiling(2.2));
        assertEquals(300, Chart.niceCeiling(277), 1e-9);
        assertEquals(1000, Chart.niceCeiling(1000), 1e-9);
        assertEquals(5, Chart.intervals(25));
        assertEquals(3, Chart.intervals(300));
        assertEquals(3, Chart.intervals(0.15));
        assertEquals(4, Chart.intervals(200));
    }
}
