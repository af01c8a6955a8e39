package fleet.bench;

import java.util.List;

/**
 * What one run of N edges measured, fleet or baseline. Every figure is a total over the run's
 * JVMs; NaN means not measured (the run failed before, or the figure does not apply).
 *
 * @param edges       N
 * @param run         fleet, or the one-JVM-per-edge baseline
 * @param timings     start figures, seconds
 * @param footprint   steady-phase figures
 * @param load1Before 1-minute load average when the run started
 * @param load1After  1-minute load average at the end of the steady window
 * @param jvmFlags    the flags of the measured JVM(s), as started (fleet chooses its hosting JVM's own)
 * @param notes       what went wrong or deserves a word, one line each
 */
record TrialResult(int edges, Run run, Timings timings, Footprint footprint, double load1Before, double load1After,
        String jvmFlags, List<String> notes, CycleFigures cycles, Stop stop) {

    /** A run without cycle figures or stop measurement (the baseline). */
    TrialResult(int edges, Run run, Timings timings, Footprint footprint, double load1Before, double load1After,
            String jvmFlags, List<String> notes) {
        this(edges, run, timings, footprint, load1Before, load1After, jvmFlags, notes, CycleFigures.NONE, Stop.NONE);
    }

    /**
     * How the run ended after the harness sent SIGTERM.
     *
     * @param seconds  until the process had ended
     * @param exitCode its exit code; -1 when it had to be killed or did not run
     */
    record Stop(double seconds, int exitCode) {
        static final Stop NONE = new Stop(Double.NaN, -1);
    }

    enum Run {
        FLEET("fleet"), BASELINE("baseline");

        final String label;

        Run(String label) {
            this.label = label;
        }
    }

    /**
     * Seconds. "Wall" figures count from the moment the harness started the first process of the
     * run; fleet's own figures count from the start of its frameworks.
     *
     * @param startedWallS  fleet printed "N of N edges started"
     * @param startedFleetS the time in that line
     * @param onlineWallS   fleet printed "N of N edges online"
     * @param onlineFleetS  fleet's started time plus the time in the online line
     * @param cycledWallS   the last watched edge's first cycle
     * @param cycledEdges   edges seen cycling
     * @param watchedEdges  edges whose cycles could be seen
     */
    record Timings(double startedWallS, double startedFleetS, double onlineWallS, double onlineFleetS,
            double cycledWallS, int cycledEdges, int watchedEdges) {

        static final Timings NONE = new Timings(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /**
     * @param rssMeanMib   VmRSS, mean of the samples of the steady window
     * @param rssMaxMib    VmRSS, largest sample
     * @param pssAllMib    proportional set size of every process of the run (fleet: launcher, hosting
     *                     JVM, PostgreSQL), at the end of the steady window
     * @param heapMib      heap used after a full GC
     * @param metaspaceMib metaspace used
     * @param classes      loaded classes
     * @param classLoaders class loaders
     * @param threads      threads (largest sample)
     * @param cpuPercent   CPU over the steady window, % of one core
     * @param heapCommittedMib heap committed at the end of the steady window, before the full GC
     */
    record Footprint(double rssMeanMib, double rssMaxMib, double pssAllMib, double heapMib, double metaspaceMib,
            double classes, double classLoaders, double threads, double cpuPercent, double heapCommittedMib) {

        static final Footprint NONE = new Footprint(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        static Footprint of(SteadyWindow steady, long pssKib, Jcmd.Internals internals) {
            return new Footprint(steady.rssMeanKib() / 1024, steady.rssMaxKib() / 1024.0, pssKib / 1024.0,
                    known(internals.heapUsedKib()) / 1024, known(internals.metaspaceUsedKib()) / 1024,
                    known(internals.classes()), known(internals.classLoaders()), steady.threads(), steady.cpuPercent(),
                    known(internals.heapCommittedKib()) / 1024);
        }

        private static double known(long value) {
            return value < 0 ? Double.NaN : value;
        }
    }

    TrialResult {
        notes = List.copyOf(notes);
    }

    double perEdge(double total) {
        return total / edges;
    }
}
