package fleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * fleet with N edges, run as a user would: {@code java -jar fleet.jar --edges N ...} from a
 * scratch start directory. fleet re-launches itself as a child JVM that hosts the frameworks
 * (working directory {@code <work-dir>/jvm}); that child is what is measured.
 */
final class FleetTrial {

    /**
     * fleet stops its edges for as long as they keep finishing (hundreds of real edges on two cores
     * take minutes) and its launcher kills the hosting JVM only after 35 s without progress, so fleet
     * ends by itself; this only catches a launcher that does not.
     */
    private static final Duration STOP_GRACE = Duration.ofMinutes(10);
    private static final Duration FIND_HOST = Duration.ofSeconds(60);

    private final Setup setup;
    private final BenchOptions options;

    FleetTrial(Setup setup) {
        this.setup = setup;
        this.options = setup.options();
    }

    TrialResult run(int n) {
        Path dir = setup.scratchDir().resolve("fleet-" + n);
        Setup.deleteTree(dir);
        Path start = Setup.createDirectories(dir.resolve("start"));
        Path work = dir.resolve("work");
        Path log = setup.logsDir().resolve("fleet-" + n + ".txt");
        FleetArgs extra = options.fleetArgs();
        int first = extra.firstIndex();
        // Only edges with the debug log show their cycles (the test edge app's cycles.txt aside).
        int watched = Math.min(n, extra.debugLogEdges().orElse(n));

        int dashboardPort = Setup.freePort();
        List<String> command = new ArrayList<>(List.of(setup.java().toString(), "-jar", options.fleetJar().toString(),
                "run", "--edges", Integer.toString(n), "--edge-app", options.edgeApp().toString(),
                "--wait-online", Durations.forFleet(options.onlineTimeout()),
                "--duration", Durations.forFleet(safetyDuration()),
                "--dashboard-port", Integer.toString(dashboardPort), "--work-dir", work.toString(),
                "--port-base", Integer.toString(options.portBase())));
        if (!extra.has("--debug-log-edges")) {
            // Every edge logs its cycles, as every baseline edge does: "all cycled" means the same on both sides.
            command.add("--debug-log-edges");
            command.add(Integer.toString(n));
        }
        command.addAll(extra.args());
        ProcessBuilder builder = new ProcessBuilder(command).directory(start.toFile()).redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");

        List<CycleProbe.Edge> edges = new ArrayList<>();
        for (int i = first; i < first + watched; i++) {
            Path edge = work.resolve("edges/edge" + i);
            edges.add(new CycleProbe.Edge("edge" + i, List.of(edge.resolve("logs")), edge.resolve("data")));
        }

        setup.say("fleet N=" + n + ": " + String.join(" ", command.subList(1, command.size())));
        double loadBefore = ProcFs.loadAverage()[0];
        double loadAfter = Double.NaN;
        List<String> notes = new ArrayList<>();
        String jvmFlags = "";
        TrialResult.Timings timings = TrialResult.Timings.NONE;
        TrialResult.Footprint footprint = TrialResult.Footprint.NONE;
        CycleFigures cycles = CycleFigures.NONE;
        TrialResult.Stop stop = TrialResult.Stop.NONE;
        long origin = System.nanoTime();
        Process launcher = setup.processes().start(builder);
        FleetConsole console = new FleetConsole(origin);
        console.pump(launcher.getInputStream(), log);
        CycleProbe probe = new CycleProbe(options.cyclePattern(), edges, origin);
        try {
            ProcessHandle hostJvm = hostingJvm(launcher);
            long host = hostJvm.pid();
            jvmFlags = jvmFlags(hostJvm);
            waitOnline(launcher, console, probe, origin, log);
            waitCycled(launcher, probe);
            timings = new TrialResult.Timings(console.startedWallSeconds(), console.startedFleetSeconds(),
                    console.onlineWallSeconds(), console.onlineFleetSeconds(),
                    probe.allCycledAfter().isPresent() ? probe.allCycledAfter().getAsLong() / 1e9 : Double.NaN,
                    probe.cycledCount(), watched);
            if (!probe.allCycled()) {
                notes.add("fleet " + n + ": " + probe.cycledCount() + " of " + watched + " edges seen cycling within "
                        + options.onlineTimeout().toSeconds() + " s (" + options.cyclePattern() + " in their logs); not yet: "
                        + abbreviate(probe.notCycled()));
            }
            setup.say(String.format("fleet N=%d: started after %.1f s, online after %.1f s, all cycled after %s; settling %d s",
                    n, console.startedWallSeconds(), console.onlineWallSeconds(), seconds(timings.cycledWallS()),
                    options.settle().toSeconds()));
            sleepWhileAlive(launcher, options.settle(), log);
            Duration quiet = QuietWindow.delay(java.time.Instant.now(), options.steady());
            if (!quiet.isZero()) {
                setup.say("fleet N=" + n + ": waiting " + quiet.toSeconds() + " s so that the steady window misses rrd4j's"
                        + " 5-minute write");
                sleepWhileAlive(launcher, quiet, log);
            }
            setup.say("fleet N=" + n + ": steady window " + options.steady().toSeconds() + " s");
            java.util.Set<Integer> sampled = new java.util.HashSet<>();
            for (int i = first; i < first + Math.min(watched, CycleFigures.EDGES); i++) {
                sampled.add(i);
            }
            CycleFigures.Sampler sampler = new CycleFigures.Sampler(dashboardPort, sampled);
            java.time.LocalDateTime from = java.time.LocalDateTime.now();
            SteadyWindow steady = SteadyWindow.measure(List.of(host), options.steady());
            cycles = CycleFigures.of(sampler.stop(), sampled.stream().sorted().map(i -> work.resolve("edges/edge" + i
                    + "/logs/openems.log")).toList(), options.cyclePattern(), from, java.time.LocalDateTime.now(),
                    extra.value("--cycle-time").map(d -> Durations.parse("--cycle-time", d).toMillis()).orElse(1000L));
            loadAfter = ProcFs.loadAverage()[0];
            long pss = pssOfFamily(launcher);
            Jcmd.Internals internals = setup.jcmd().inspect(host);
            footprint = TrialResult.Footprint.of(steady, pss, internals);
        } catch (BenchException e) {
            if (setup.stopping()) {
                notes.add("fleet " + n + ": interrupted");
            } else {
                notes.add("fleet " + n + ": " + e.getMessage());
                setup.say("fleet N=" + n + " FAILED: " + e.getMessage());
            }
        } finally {
            stop = stop(launcher, n, notes);
            setup.discard(dir);
        }
        return new TrialResult(n, TrialResult.Run.FLEET, timings, footprint, loadBefore, loadAfter, jvmFlags, notes,
                cycles, stop);
    }

    /** --duration is only a safety net: the harness stops fleet itself once it has measured. */
    private Duration safetyDuration() {
        return options.onlineTimeout().plus(options.settle()).plus(options.steady()).plusMinutes(10);
    }

    /** The child JVM fleet's launcher starts (its arguments carry {@code --hosted}). */
    private ProcessHandle hostingJvm(Process launcher) {
        long deadline = System.nanoTime() + FIND_HOST.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> host = launcher.children()
                    .filter(child -> ProcFs.commandLine(child.pid()).contains("--hosted"))
                    .findFirst();
            if (host.isPresent()) {
                return host.get();
            }
            if (!launcher.isAlive()) {
                throw BenchException.failure("fleet ended (exit " + launcher.exitValue() + ") before it started its hosting JVM");
            }
            Setup.sleep(100);
        }
        throw BenchException.failure("fleet's hosting JVM (a child with --hosted) did not appear within " + FIND_HOST.toSeconds() + " s");
    }

    /** The hosting JVM's flags: its arguments before the class path. */
    static String jvmFlags(ProcessHandle jvm) {
        List<String> commandLine = ProcFs.commandLine(jvm.pid());
        List<String> args = commandLine.isEmpty() ? commandLine : commandLine.subList(1, commandLine.size());
        int classPath = args.indexOf("-cp");
        return String.join(" ", classPath < 0 ? args : args.subList(0, classPath));
    }

    private void waitOnline(Process launcher, FleetConsole console, CycleProbe probe, long origin, Path log) {
        // fleet's own deadline is --wait-online after all frameworks started; allow for the start itself.
        long deadline = origin + options.onlineTimeout().toNanos() * 2 + Duration.ofMinutes(2).toNanos();
        while (!console.online()) {
            probe.poll();
            if (console.notOnline() != null) {
                throw BenchException.failure(console.notOnline() + " (see " + log + ")");
            }
            if (!launcher.isAlive()) {
                throw BenchException.failure("fleet ended with exit code " + launcher.exitValue() + " before all edges were online (see " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw BenchException.failure("fleet did not report all edges online in time (see " + log + ")");
            }
            Setup.sleep(100);
        }
        if (!console.allStarted()) {
            throw BenchException.failure("fleet: " + console.startedSummary() + " (see " + log + ")");
        }
    }

    private void waitCycled(Process launcher, CycleProbe probe) {
        long deadline = System.nanoTime() + options.onlineTimeout().toNanos();
        while (launcher.isAlive() && System.nanoTime() < deadline) {
            probe.poll();
            if (probe.allCycled()) {
                return;
            }
            Setup.sleep(100);
        }
    }

    private void sleepWhileAlive(Process launcher, Duration duration, Path log) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!launcher.isAlive()) {
                throw BenchException.failure("fleet ended with exit code " + launcher.exitValue() + " while settling (see " + log + ")");
            }
            Setup.sleep(Math.min(500, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Everything the fleet runs on this machine: launcher, hosting JVM, embedded PostgreSQL. */
    private static long pssOfFamily(Process launcher) {
        long pss = ProcFs.pssKib(launcher.pid());
        for (ProcessHandle p : launcher.descendants().toList()) {
            pss += ProcFs.pssKib(p.pid());
        }
        return pss;
    }

    private TrialResult.Stop stop(Process launcher, int n, List<String> notes) {
        long started = System.nanoTime();
        boolean wasRunning = launcher.isAlive();
        boolean clean = setup.processes().stop(List.of(launcher), STOP_GRACE);
        double took = (System.nanoTime() - started) / 1e9;
        if (!wasRunning) {
            return TrialResult.Stop.NONE;
        }
        if (!clean) {
            notes.add("fleet " + n + ": did not stop within " + STOP_GRACE.toSeconds() + " s of SIGTERM; killed");
        } else if (launcher.exitValue() != 0) {
            notes.add("fleet " + n + ": exit code " + launcher.exitValue() + " after SIGTERM");
        }
        setup.say(String.format("fleet N=%d: stopped in %.1f s", n, took));
        return new TrialResult.Stop(took, clean ? launcher.exitValue() : -1);
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    static String seconds(double s) {
        return Double.isNaN(s) ? "—" : String.format("%.1f s", s);
    }
}
