package fleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one bench run does, validated once: every message names the option, the value and the rule.
 *
 * @param edgeApp       the edge application jar both sides run (absolute)
 * @param edges         the fleet sizes N, in the order given
 * @param steady        the window over which RSS is sampled and CPU is summed
 * @param settle        waited after all edges cycled (or are online) before the steady window
 * @param baselineMax   the container-per-edge baseline runs for N up to this (0 = never)
 * @param fleetArgs     extra arguments for {@code fleet run}
 * @param onlineTimeout fleet's {@code --wait-online}, and how long to wait for every edge's first cycle
 * @param portBase      {@code --port-base} of fleet run and of fleet generate (the baseline's ports)
 * @param baselineXmx   the heap limit of each baseline JVM, as a container image would set it
 * @param cyclePattern  a regular expression found in an edge's per-cycle log line, and in no line before its first cycle
 * @param fleetJar      the fleet.jar to run
 * @param outDir        where results, logs and the scratch directories go
 * @param keepScratch   keep the scratch directories (work dirs, config.d) after each run
 */
record BenchOptions(Path edgeApp, List<Integer> edges, Duration steady, Duration settle, int baselineMax,
        FleetArgs fleetArgs, Duration onlineTimeout, int portBase, String baselineXmx, Pattern cyclePattern,
        Path fleetJar, Path outDir, boolean keepScratch) {

    static final String USAGE = """
            Usage: scripts/bench --edge-app JAR [options]
            Runs fleet for each N as a user would and, for small N, the same edges as N separate JVMs
            (the container-per-edge baseline); writes bench.md, bench.csv and bench.png to the output dir.
              --edge-app JAR        the edge application (openems-edge.jar, test-edge-app.jar); required
              --edges LIST          fleet sizes, comma-separated (default: 1,10,50)
              --steady DURATION     steady window: RSS sampled every second, CPU summed (default: 60s)
              --settle DURATION     wait after all edges cycled, before the steady window (default: 30s)
              --baseline-max N      run the one-JVM-per-edge baseline for N up to this; 0 = never (default: 10)
              --baseline-xmx SIZE   -Xmx of each baseline JVM (default: 256m)
              --fleet-args "ARGS"   extra arguments for fleet run, e.g. "--start-concurrency 4"
              --online-timeout DUR  fleet's --wait-online, and the wait for every edge's first cycle (default: 10m)
              --port-base PORT      --port-base of fleet and of the baseline's configs (default: 20000)
              --cycle-pattern REGEX a per-cycle log line (default: \\[ctrlDebugLog0\\].*_sum\\[ as OpenEMS's debug log)
              --out DIR             results directory (default: <repo>/target/bench)
              --fleet-jar JAR       fleet.jar to run (default: <repo>/launcher/target/fleet.jar)
              --keep-scratch        keep the work dirs and config.d of every run under <out>/scratch
              -h, --help            this text
            Durations: 500ms, 60s, 2m, 1h (a bare number is seconds).
            The hosting JVM's flags can be changed with FLEET_JVM_OPTS, as with fleet itself.
            """;

    /** One line per cycle of OpenEMS's Controller.Debug.Log; its "Activate Controller.Debug.Log" line has no _sum. */
    static final String DEFAULT_CYCLE_PATTERN = "\\[ctrlDebugLog0\\].*_sum\\[";

    private static final Set<String> FLAGS = Set.of("--keep-scratch", "--help", "-h");
    private static final Set<String> OPTIONS = Set.of("--edge-app", "--edges", "--steady", "--settle",
            "--baseline-max", "--baseline-xmx", "--fleet-args", "--online-timeout", "--port-base",
            "--cycle-pattern", "--out", "--fleet-jar");

    BenchOptions {
        edges = List.copyOf(edges);
        if (edges.isEmpty()) {
            throw BenchException.badInput("--edges: give at least one fleet size, e.g. 1,10,50");
        }
        if (steady.compareTo(Duration.ofSeconds(5)) < 0) {
            throw BenchException.badInput("--steady " + steady.toSeconds() + "s: must be at least 5s (CPU ticks are 10 ms)");
        }
        if (settle.isNegative()) {
            throw BenchException.badInput("--settle: must not be negative");
        }
        if (baselineMax < 0) {
            throw BenchException.badInput("--baseline-max " + baselineMax + ": must be 0 or more");
        }
        if (onlineTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
            throw BenchException.badInput("--online-timeout " + onlineTimeout.toSeconds() + "s: must be at least 10s");
        }
        if (portBase < 1024 || portBase > 60000) {
            throw BenchException.badInput("--port-base " + portBase + ": must be between 1024 and 60000");
        }
        if (!baselineXmx.matches("\\d+[kKmMgG]?")) {
            throw BenchException.badInput("--baseline-xmx " + baselineXmx + ": write a JVM size such as 256m");
        }
        if (cyclePattern.pattern().isBlank()) {
            throw BenchException.badInput("--cycle-pattern: must not be empty");
        }
        if (!Files.exists(edgeApp)) {
            throw BenchException.badInput("--edge-app " + edgeApp + ": no such file; give openems-edge.jar or "
                    + "test-edge-app/app/target/test-edge-app.jar");
        }
        if (!Files.isRegularFile(fleetJar)) {
            throw BenchException.badInput("--fleet-jar " + fleetJar + ": no such file; build it with scripts/fleet --version");
        }
    }

    boolean baselineFor(int n) {
        return n <= baselineMax;
    }

    /** Parses the command line; relative paths mean paths in {@code cwd}, defaults come from {@code repoRoot}. */
    static BenchOptions parse(List<String> args, Path cwd, Path repoRoot) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw BenchException.badInput(name + " takes no value");
                }
                flags.add(name);
            } else if (OPTIONS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw BenchException.badInput(name + ": missing value");
                    }
                    value = args.get(++i);
                }
                if (values.put(name, value) != null) {
                    throw BenchException.badInput(name + ": given twice");
                }
            } else {
                throw BenchException.badInput("unknown option " + arg + "; see scripts/bench --help");
            }
        }
        if (flags.contains("--help") || flags.contains("-h")) {
            return null;
        }
        if (!values.containsKey("--edge-app")) {
            throw BenchException.badInput("--edge-app JAR is required, e.g. --edge-app test-edge-app/app/target/test-edge-app.jar");
        }
        return new BenchOptions(
                cwd.resolve(values.get("--edge-app")).toAbsolutePath().normalize(),
                edgeList(values.getOrDefault("--edges", "1,10,50")),
                Durations.parse("--steady", values.getOrDefault("--steady", "60s")),
                Durations.parse("--settle", values.getOrDefault("--settle", "30s")),
                integer("--baseline-max", values.getOrDefault("--baseline-max", "10")),
                FleetArgs.parse(values.getOrDefault("--fleet-args", ""), cwd),
                Durations.parse("--online-timeout", values.getOrDefault("--online-timeout", "10m")),
                integer("--port-base", values.getOrDefault("--port-base", "20000")),
                values.getOrDefault("--baseline-xmx", "256m"),
                cyclePattern(values.getOrDefault("--cycle-pattern", DEFAULT_CYCLE_PATTERN)),
                values.containsKey("--fleet-jar") ? cwd.resolve(values.get("--fleet-jar")).toAbsolutePath().normalize()
                        : repoRoot.resolve("launcher/target/fleet.jar"),
                values.containsKey("--out") ? cwd.resolve(values.get("--out")).toAbsolutePath().normalize()
                        : repoRoot.resolve("target/bench"),
                flags.contains("--keep-scratch"));
    }

    static List<Integer> edgeList(String text) {
        Set<Integer> sizes = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw BenchException.badInput("--edges " + text + ": " + part.trim() + " is not a whole number");
            }
            if (n < 1 || n > 10_000) {
                throw BenchException.badInput("--edges " + text + ": " + n + " is not a fleet size (1 to 10000)");
            }
            sizes.add(n);
        }
        return new ArrayList<>(sizes);
    }

    private static Pattern cyclePattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw BenchException.badInput("--cycle-pattern " + regex + ": not a regular expression (" + e.getDescription() + ")");
        }
    }

    private static int integer(String option, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw BenchException.badInput(option + " " + text + ": not a whole number");
        }
    }
}
