package fleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import fleet.bench.TrialResult.Footprint;
import fleet.bench.TrialResult.Run;

/** The results as Markdown (for people and the README) and CSV (one raw row per run, for tools). */
final class Report {

    static final String CSV_HEADER = "edges,run,started_wall_s,started_fleet_s,online_wall_s,online_fleet_s,cycled_wall_s,"
            + "cycled_edges,watched_edges,rss_mean_mib,rss_max_mib,pss_all_mib,heap_after_gc_mib,metaspace_mib,classes,"
            + "class_loaders,threads,cpu_pct_of_core,rss_mean_mib_per_edge,heap_mib_per_edge,metaspace_mib_per_edge,"
            + "classes_per_edge,threads_per_edge,cpu_pct_of_core_per_edge,load1_before,load1_after,heap_committed_mib,"
            + "notes";

    private Report() {
    }

    static void write(Path outDir, RunInfo info, List<TrialResult> results) {
        try {
            Files.writeString(outDir.resolve("bench.md"), markdown(info, results), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("bench.csv"), csv(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BenchException.failure("cannot write the results to " + outDir + ": " + e.getMessage(), e);
        }
    }

    static String csv(List<TrialResult> results) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (TrialResult r : results) {
            TrialResult.Timings t = r.timings();
            Footprint f = r.footprint();
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.edges()), r.run().label,
                    num(t.startedWallS()), num(t.startedFleetS()), num(t.onlineWallS()), num(t.onlineFleetS()),
                    num(t.cycledWallS()), Integer.toString(t.cycledEdges()), Integer.toString(t.watchedEdges()),
                    num(f.rssMeanMib()), num(f.rssMaxMib()), num(f.pssAllMib()), num(f.heapMib()), num(f.metaspaceMib()),
                    num(f.classes()), num(f.classLoaders()), num(f.threads()), num(f.cpuPercent()),
                    num(r.perEdge(f.rssMeanMib())), num(r.perEdge(f.heapMib())), num(r.perEdge(f.metaspaceMib())),
                    num(r.perEdge(f.classes())), num(r.perEdge(f.threads())), num(r.perEdge(f.cpuPercent())),
                    num(r.load1Before()), num(r.load1After()), num(f.heapCommittedMib())));
            cells.add(quote(String.join("; ", r.notes())));
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    static String markdown(RunInfo info, List<TrialResult> results) {
        BenchOptions o = info.options();
        StringBuilder md = new StringBuilder();
        md.append("# fleet benchmark\n\n");
        md.append(String.format(Locale.ROOT, "%s · %d cores, %.1f GiB RAM · %s · load average at start %s%n%n",
                info.startedAt(), info.cores(), info.memTotalKib() / 1024.0 / 1024.0, info.javaVersion(),
                load(info.loadAtStart())));
        md.append(String.format(Locale.ROOT, "- edge app: `%s` (%.1f MB, sha256 %s…)%n", info.edgeAppName(),
                info.edgeAppBytes() / 1e6, info.edgeAppSha256()));
        md.append("- fleet.jar: ").append(info.fleetRevision()).append('\n');
        md.append("- fleet: `java -jar fleet.jar --edges N --edge-app ").append(info.edgeAppName())
                .append(" --debug-log-edges N --wait-online ").append(Durations.forFleet(o.onlineTimeout()))
                .append(" --port-base ").append(o.portBase()).append(" --dashboard-port <free> --work-dir <scratch>")
                .append(info.fleetArgs().isEmpty() ? "" : " " + info.fleetArgs()).append("`; hosting JVM flags: fleet's own")
                .append(info.fleetJvmOpts().isEmpty() ? "" : " plus FLEET_JVM_OPTS `" + info.fleetJvmOpts() + "`").append('\n');
        if (o.baselineMax() > 0) {
            md.append("- baseline (N ≤ ").append(o.baselineMax()).append("): N × `java -Xmx").append(o.baselineXmx())
                    .append(" -Dfelix.cm.dir=<own config.d> -Dopenems.data.dir=<own data> -jar ").append(info.edgeAppName())
                    .append("`, config.d from `fleet generate` (same template, debug log on every edge, backend port closed), all started at once\n");
        }
        md.append("- steady window ").append(o.steady().toSeconds()).append(" s, after all edges cycled and ")
                .append(o.settle().toSeconds()).append(" s of settling, placed between rrd4j's 5-minute writes (not from 5 s")
                .append(" before a 5-minute mark of the clock to 60 s after it)\n\n");

        md.append("| N | run | all started | all online | all cycled | RSS mean (per edge) | RSS max | heap committed (per edge) "
                + "| heap after GC (per edge) | metaspace (per edge) | classes (per edge) | threads (per edge) | CPU, % of a core (per edge) "
                + "| PSS, all processes | load 1 min |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Integer> sizes = results.stream().map(TrialResult::edges).distinct().toList();
        for (int n : sizes) {
            Optional<TrialResult> fleet = find(results, n, Run.FLEET);
            Optional<TrialResult> baseline = find(results, n, Run.BASELINE);
            fleet.ifPresent(r -> md.append(row(r)));
            baseline.ifPresent(r -> md.append(row(r)));
            if (fleet.isPresent() && baseline.isPresent() && !Double.isNaN(fleet.get().footprint().rssMeanMib())
                    && !Double.isNaN(baseline.get().footprint().rssMeanMib())) {
                md.append(ratioRow(fleet.get(), baseline.get()));
            }
        }
        md.append("""

                How to read it: totals over the measured JVMs, per edge (total ÷ N) in parentheses. fleet's JVM is the child \
                that hosts the frameworks (not the launcher); the baseline's figures are sums over its N JVMs. \
                Times count from the start of the first process; in parentheses fleet's own figures, which count from \
                the start of its frameworks (without JVM relaunch, app unpacking and the embedded PostgreSQL). \
                "all cycled" is the first cycle of the last edge (debug-log line, or the test edge app's cycles.txt). \
                RSS is VmRSS sampled every second in the steady window; heap is used heap after a full GC (jcmd GC.run); \
                metaspace and classes from jcmd VM.metaspace; threads from /proc (largest sample); CPU is utime+stime \
                over the window. PSS counts shared pages once: fleet's covers launcher, hosting JVM and PostgreSQL. \
                In the ratio row below 1× means fleet needs less than one JVM per edge. The load column includes the \
                run's own processes; figures taken while the load average exceeds the core count are indicative only.
                """);
        List<TrialResult> fleets = results.stream().filter(r -> r.run() == Run.FLEET).toList();
        if (!fleets.isEmpty()) {
            md.append("\n| N | cycle work min / median / p95 (≤ ").append(CycleFigures.EDGES)
                    .append(" edges) | periods > 1.1 × cycle time | stop after SIGTERM | exit code |\n|---:|---:|---:|---:|---:|\n");
            for (TrialResult r : fleets) {
                CycleFigures c = r.cycles();
                md.append(String.format(Locale.ROOT, "| %d | %s / %s / %s ms | %s | %s | %s |%n", r.edges(), count(c.workMinMs()),
                        count(c.workMedianMs()), count(c.workP95Ms()), Double.isNaN(c.longPeriods()) ? "—"
                                : String.format(Locale.ROOT, "%.1f %% of %d", 100 * c.longPeriods(), c.periods()),
                        Double.isNaN(r.stop().seconds()) ? "—" : String.format(Locale.ROOT, "%.1f s", r.stop().seconds()),
                        r.stop().exitCode() < 0 ? "—" : Integer.toString(r.stop().exitCode())));
            }
            md.append("\nCycle work is OpenEMS's `_cycle/MeasuredCycleTime` as fleet's `/metrics` reports it, sampled every"
                    + " 2 s in the steady window; periods are the gaps between debug-log lines of the same edges.\n");
        }
        List<String> flags = results.stream().filter(r -> r.run() == Run.FLEET && !r.jvmFlags().isEmpty())
                .map(r -> "N=" + r.edges() + ": `" + r.jvmFlags() + "`").toList();
        if (!flags.isEmpty()) {
            md.append("\nfleet's hosting JVM ran with ").append(String.join("; ", flags)).append('\n');
        }
        List<String> notes = results.stream().flatMap(r -> r.notes().stream()).toList();
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(note -> md.append("- ").append(note.replace("|", "\\|")).append('\n'));
        }
        return md.toString();
    }

    private static Optional<TrialResult> find(List<TrialResult> results, int n, Run run) {
        return results.stream().filter(r -> r.edges() == n && r.run() == run).findFirst();
    }

    private static String row(TrialResult r) {
        TrialResult.Timings t = r.timings();
        Footprint f = r.footprint();
        return "| " + r.edges() + " | " + r.run().label
                + " | " + time(t.startedWallS(), t.startedFleetS())
                + " | " + time(t.onlineWallS(), t.onlineFleetS())
                + " | " + cycled(t)
                + " | " + withPerEdge(r, f.rssMeanMib(), Report::mib)
                + " | " + mib(f.rssMaxMib())
                + " | " + withPerEdge(r, f.heapCommittedMib(), Report::mib)
                + " | " + withPerEdge(r, f.heapMib(), Report::mib)
                + " | " + withPerEdge(r, f.metaspaceMib(), Report::mib)
                + " | " + withPerEdge(r, f.classes(), v -> count(Math.rint(v)))
                + " | " + withPerEdge(r, f.threads(), Report::count)
                + " | " + withPerEdge(r, f.cpuPercent(), Report::percent)
                + " | " + mib(f.pssAllMib())
                + " | " + load(r)
                + " |\n";
    }

    private static String ratioRow(TrialResult fleet, TrialResult baseline) {
        return "| " + fleet.edges() + " | fleet ÷ baseline | | | " + ratio(fleet, baseline, r -> r.timings().cycledWallS())
                + " | " + ratio(fleet, baseline, r -> r.footprint().rssMeanMib())
                + " | " + ratio(fleet, baseline, r -> r.footprint().rssMaxMib())
                + " | " + ratio(fleet, baseline, r -> r.footprint().heapCommittedMib())
                + " | " + ratio(fleet, baseline, r -> r.footprint().heapMib())
                + " | " + ratio(fleet, baseline, r -> r.footprint().metaspaceMib())
                + " | " + ratio(fleet, baseline, r -> r.footprint().classes())
                + " | " + ratio(fleet, baseline, r -> r.footprint().threads())
                + " | " + ratio(fleet, baseline, r -> r.footprint().cpuPercent())
                + " | " + ratio(fleet, baseline, r -> r.footprint().pssAllMib())
                + " | |\n";
    }

    private static String ratio(TrialResult fleet, TrialResult baseline, ToDoubleFunction<TrialResult> figure) {
        double a = figure.applyAsDouble(fleet);
        double b = figure.applyAsDouble(baseline);
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "—" : String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String time(double wall, double fleet) {
        if (Double.isNaN(wall)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f s", wall) + (Double.isNaN(fleet) ? "" : String.format(Locale.ROOT, " (%.1f)", fleet));
    }

    private static String cycled(TrialResult.Timings t) {
        if (!Double.isNaN(t.cycledWallS())) {
            return String.format(Locale.ROOT, "%.1f s", t.cycledWallS());
        }
        return t.watchedEdges() == 0 ? "—" : t.cycledEdges() + " of " + t.watchedEdges();
    }

    private static String withPerEdge(TrialResult r, double total, java.util.function.DoubleFunction<String> format) {
        if (Double.isNaN(total)) {
            return "—";
        }
        return r.edges() == 1 ? format.apply(total) : format.apply(total) + " (" + format.apply(r.perEdge(total)) + ")";
    }

    static String mib(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f MiB" : "%.1f MiB", value);
    }

    static String count(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String percent(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f %%" : "%.2f %%", value);
    }

    private static String load(TrialResult r) {
        if (Double.isNaN(r.load1Before())) {
            return "—";
        }
        return Double.isNaN(r.load1After()) ? String.format(Locale.ROOT, "%.1f", r.load1Before())
                : String.format(Locale.ROOT, "%.1f → %.1f", r.load1Before(), r.load1After());
    }

    private static String load(double[] load) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", load[0], load[1], load[2]);
    }

    private static String num(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String text) {
        return text.isEmpty() ? "" : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
