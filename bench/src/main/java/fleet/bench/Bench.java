package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry of {@code scripts/bench}: for each N, fleet with N edges and — for N up to --baseline-max —
 * the same edges as N separate JVMs; after each run the Markdown table, the CSV and the chart are
 * written again, so an interrupted run keeps what it measured.
 */
public final class Bench {

    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(40);

    private Bench() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(Arrays.asList(args));
        } catch (BenchException e) {
            System.err.println("bench: " + e.getMessage());
            code = e.exitCode();
        }
        System.exit(code);
    }

    static int run(List<String> args) {
        Path cwd = Path.of("").toAbsolutePath();
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        BenchOptions options = BenchOptions.parse(args, cwd, root);
        if (options == null) {
            System.out.print(BenchOptions.USAGE);
            return 0;
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path out = Setup.createDirectories(options.outDir());
        Path logs = out.resolve("logs");
        Setup.deleteTree(logs);
        Setup.createDirectories(logs);
        Path scratch = out.resolve("scratch");
        Setup.deleteTree(scratch);
        Setup.createDirectories(scratch);
        StartedProcesses processes = new StartedProcesses();
        Setup setup = new Setup(options, javaHome, processes, new Jcmd(javaHome), logs, scratch);
        Thread cleanup = new Thread(() -> {
            processes.stopAll(CLEANUP_GRACE);
            if (!options.keepScratch()) {
                try {
                    Setup.deleteTree(scratch);
                } catch (RuntimeException e) {
                    System.err.println("bench: could not remove " + scratch + ": " + e.getMessage());
                }
            }
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        RunInfo info = RunInfo.capture(options);
        setup.say(String.format("%d cores, load average %.2f; results in %s", info.cores(), info.loadAtStart()[0], out));
        if (info.loadAtStart()[0] > info.cores()) {
            setup.say("the load average is above the core count: figures taken now are indicative only");
        }
        List<TrialResult> results = new ArrayList<>();
        boolean failed = false;
        for (int n : options.edges()) {
            if (processes.closing()) {
                break;
            }
            TrialResult fleet = new FleetTrial(setup).run(n);
            failed |= !fleet.notes().isEmpty() && Double.isNaN(fleet.footprint().rssMeanMib());
            results.add(fleet);
            publish(out, info, results, setup);
            if (options.baselineFor(n) && !processes.closing()) {
                if (!Files.isRegularFile(options.edgeApp())) {
                    results.add(new TrialResult(n, TrialResult.Run.BASELINE, TrialResult.Timings.NONE, TrialResult.Footprint.NONE,
                            Double.NaN, Double.NaN, "", List.of("baseline " + n + ": needs the edge app as a jar, not a directory")));
                } else {
                    TrialResult baseline = new BaselineTrial(setup).run(n);
                    failed |= Double.isNaN(baseline.footprint().rssMeanMib());
                    results.add(baseline);
                }
                publish(out, info, results, setup);
            }
        }
        if (processes.closing()) {
            setup.say("interrupted; what was measured is in " + out.resolve("bench.md"));
            return 130;
        }
        setup.discard(scratch);
        try {
            System.out.println();
            System.out.print(Files.readString(out.resolve("bench.md")));
        } catch (IOException e) {
            // the files are there or the error was reported when writing them
        }
        setup.say("wrote " + out.resolve("bench.md") + ", bench.csv, bench.png; logs in " + logs);
        return failed ? BenchException.FAILURE : 0;
    }

    private static void publish(Path out, RunInfo info, List<TrialResult> results, Setup setup) {
        Report.write(out, info, results);
        try {
            Chart.write(out.resolve("bench.png"), info, results);
        } catch (BenchException | Error e) {
            // A machine without fonts cannot draw text; the table and the CSV still count.
            setup.say("no chart: " + e);
        }
    }
}
