package fleet.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * The PNG: six small grouped bar charts (per-edge RSS, heap, metaspace, threads, CPU, and the
 * time until every edge cycled), fleet and baseline side by side for each N. Drawn with Java2D
 * (headless), so the harness needs no library: the chart is simple, and the harness must not
 * bring jars of its own to the machine it measures.
 */
final class Chart {

    private record Panel(String title, ToDoubleFunction<TrialResult> value) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("RSS per edge, MiB", r -> r.perEdge(r.footprint().rssMeanMib())),
            new Panel("heap after GC per edge, MiB", r -> r.perEdge(r.footprint().heapMib())),
            new Panel("metaspace per edge, MiB", r -> r.perEdge(r.footprint().metaspaceMib())),
            new Panel("threads per edge", r -> r.perEdge(r.footprint().threads())),
            new Panel("CPU per edge, % of a core", r -> r.perEdge(r.footprint().cpuPercent())),
            new Panel("all edges cycled after, s", r -> r.timings().cycledWallS()));

    private static final Color FLEET = new Color(0x1f, 0x77, 0xb4);
    private static final Color BASELINE = new Color(0xff, 0x7f, 0x0e);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final int COLUMNS = 3;
    private static final int PANEL_W = 460;
    private static final int PANEL_H = 330;
    private static final int HEADER = 70;

    private Chart() {
    }

    static void write(Path file, RunInfo info, List<TrialResult> results) {
        int rows = (PANELS.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_W, HEADER + rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            header(g, info);
            List<Integer> sizes = results.stream().map(TrialResult::edges).distinct().toList();
            for (int i = 0; i < PANELS.size(); i++) {
                panel(g, PANELS.get(i), sizes, results, (i % COLUMNS) * PANEL_W, HEADER + (i / COLUMNS) * PANEL_H);
            }
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw BenchException.failure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void header(Graphics2D g, RunInfo info) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("fleet (one JVM) vs one JVM per edge — " + info.edgeAppName(), 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT, "%s · %d cores · %s · load at start %.1f", info.startedAt(), info.cores(),
                info.javaVersion(), info.loadAtStart()[0]), 20, 50);
        int x = COLUMNS * PANEL_W - 230;
        legend(g, FLEET, "fleet", x, 22);
        legend(g, BASELINE, "baseline (JVM per edge)", x, 44);
    }

    private static void legend(Graphics2D g, Color color, String label, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 11, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 20, y);
    }

    private static void panel(Graphics2D g, Panel panel, List<Integer> sizes, List<TrialResult> results, int x0, int y0) {
        int left = x0 + 60;
        int right = x0 + PANEL_W - 20;
        int top = y0 + 40;
        int bottom = y0 + PANEL_H - 45;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(panel.title(), x0 + 60, y0 + 22);

        double max = 0;
        for (TrialResult r : results) {
            double v = panel.value().applyAsDouble(r);
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        double scaleMax = niceCeiling(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int intervals = intervals(scaleMax);
        for (int i = 0; i <= intervals; i++) {
            double v = scaleMax * i / intervals;
            int y = bottom - (int) Math.round((bottom - top) * (double) i / intervals);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = label(v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
        if (sizes.isEmpty()) {
            return;
        }
        int groupWidth = (right - left) / sizes.size();
        int barWidth = Math.min(50, (groupWidth - 16) / 2);
        for (int i = 0; i < sizes.size(); i++) {
            int n = sizes.get(i);
            int center = left + groupWidth * i + groupWidth / 2;
            bar(g, fm, panel, find(results, n, TrialResult.Run.FLEET), FLEET, center - barWidth, barWidth, top, bottom, scaleMax);
            bar(g, fm, panel, find(results, n, TrialResult.Run.BASELINE), BASELINE, center, barWidth, top, bottom, scaleMax);
            g.setColor(Color.BLACK);
            String label = "N = " + n;
            g.drawString(label, center - fm.stringWidth(label) / 2, bottom + 16);
        }
    }

    private static void bar(Graphics2D g, FontMetrics fm, Panel panel, TrialResult result, Color color, int x, int width,
            int top, int bottom, double scaleMax) {
        if (result == null) {
            return;
        }
        double v = panel.value().applyAsDouble(result);
        if (Double.isNaN(v)) {
            return;
        }
        int height = scaleMax <= 0 ? 0 : (int) Math.round((bottom - top) * v / scaleMax);
        g.setColor(color);
        g.fillRect(x, bottom - height, width, height);
        g.setColor(Color.BLACK);
        String label = label(v);
        g.drawString(label, x + (width - fm.stringWidth(label)) / 2, bottom - height - 4);
    }

    private static TrialResult find(List<TrialResult> results, int n, TrialResult.Run run) {
        return results.stream().filter(r -> r.edges() == n && r.run() == run).findFirst().orElse(null);
    }

    /** Scale tops and how many grid intervals each gets, so that every grid line is a round value. */
    private static final double[] STEPS = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
    private static final int[] STEP_INTERVALS = { 4, 3, 4, 5, 3, 4, 5, 3, 4, 4 };

    /** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above {@code max} (1 for nothing to show). */
    static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : STEPS) {
            if (step * magnitude >= max * (1 - 1e-9)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** Grid intervals for a scale top from {@link #niceCeiling}. */
    static int intervals(double scaleMax) {
        double mantissa = scaleMax / Math.pow(10, Math.floor(Math.log10(scaleMax)));
        for (int i = 0; i < STEPS.length; i++) {
            if (Math.abs(STEPS[i] - mantissa) < 1e-6) {
                return STEP_INTERVALS[i];
            }
        }
        return 4;
    }

    private static String label(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }
}
