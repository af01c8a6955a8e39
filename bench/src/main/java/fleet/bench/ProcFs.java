package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Linux's view of a process, read from /proc: what the kernel charges the process, independent of
 * what the JVM says about itself.
 */
final class ProcFs {

    /** One look at a process: resident set (KiB), thread count, CPU time used so far (clock ticks). */
    record Sample(long rssKib, int threads, long cpuTicks) {
    }

    private static final long CLOCK_TICKS = clockTicks();

    private ProcFs() {
    }

    /** Empty when the process is gone. */
    static Optional<Sample> sample(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(new Sample(statusValue(status, "VmRSS"), (int) statusValue(status, "Threads"),
                    cpuTicks(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Proportional set size (KiB): shared pages (libjvm, the CDS archive) split between the processes sharing them. */
    static long pssKib(long pid) {
        try {
            return statusValue(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")), "Pss");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The full command line from /proc/PID/cmdline. ProcessHandle.Info reads only its first page,
     * which fleet's hosting JVM outgrows once the shared libraries are on its class path.
     */
    static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of(raw.split("\0", -1)));
            if (!args.isEmpty() && args.get(args.size() - 1).isEmpty()) {
                args.remove(args.size() - 1);
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
    }

    static long clockTicksPerSecond() {
        return CLOCK_TICKS;
    }

    /** The 1-, 5- and 15-minute load averages. */
    static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]) };
        } catch (IOException | RuntimeException e) {
            return new double[] { Double.NaN, Double.NaN, Double.NaN };
        }
    }

    /** MemTotal in KiB, 0 if unknown. */
    static long memTotalKib() {
        try {
            return statusValue(Files.readString(Path.of("/proc/meminfo")), "MemTotal");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A {@code Key:   123 kB} or {@code Key:  123} line of /proc/…/status, smaps_rollup or meminfo. */
    static long statusValue(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                String value = line.substring(key.length() + 1).trim();
                int space = value.indexOf(' ');
                return Long.parseLong(space < 0 ? value : value.substring(0, space));
            }
        }
        throw new IllegalArgumentException("no " + key + " line");
    }

    /**
     * utime + stime of /proc/PID/stat (fields 14 and 15). The command name (field 2) may hold spaces
     * and parentheses, so fields are counted from its last ')'.
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime (14) is fields[11], stime (15) is fields[12]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to Linux's default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
