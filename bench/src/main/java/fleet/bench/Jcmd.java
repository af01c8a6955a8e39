package fleet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the JVM says about itself, through {@code jcmd} of the JDK the harness runs on: heap committed
 * as the run left it, heap used after a full GC, metaspace used, loaded classes and class loaders.
 */
final class Jcmd {

    /** Figures of one JVM; -1 where its jcmd output could not be read. */
    record Internals(long heapUsedKib, long metaspaceUsedKib, long classes, long classLoaders, long heapCommittedKib) {

        static final Internals UNKNOWN = new Internals(-1, -1, -1, -1, -1);

        /** Without the committed heap (unknown). */
        Internals(long heapUsedKib, long metaspaceUsedKib, long classes, long classLoaders) {
            this(heapUsedKib, metaspaceUsedKib, classes, classLoaders, -1);
        }

        /** The sum of several JVMs (the baseline); unknown if any part is unknown. */
        static Internals sum(List<Internals> parts) {
            long heap = 0, meta = 0, classes = 0, loaders = 0, committed = 0;
            for (Internals p : parts) {
                heap = add(heap, p.heapUsedKib);
                committed = add(committed, p.heapCommittedKib);
                meta = add(meta, p.metaspaceUsedKib);
                classes = add(classes, p.classes);
                loaders = add(loaders, p.classLoaders);
            }
            return new Internals(heap, meta, classes, loaders, committed);
        }

        private static long add(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");
    private static final Pattern COMMITTED = Pattern.compile("committed (\\d+)([KMG])");
    private static final Pattern TOTAL = Pattern.compile("total (\\d+)([KMG])");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^Metaspace\\s+used (\\d+)([KMG])");
    private static final Pattern CLASS_TOTALS = Pattern.compile("Total Usage - (\\d+) loaders, (\\d+) classes");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path jcmd;

    Jcmd(Path javaHome) {
        this.jcmd = javaHome.resolve("bin/jcmd");
    }

    /** Reads the committed heap first, then runs a full GC, so heap used is what is live. */
    Internals inspect(long pid) {
        long committed = heapCommittedKib(run(pid, "GC.heap_info"));
        run(pid, "GC.run");
        String heap = run(pid, "GC.heap_info");
        String metaspace = run(pid, "VM.metaspace");
        int[] classes = classTotals(metaspace);
        return new Internals(heapUsedKib(heap), metaspaceUsedKib(metaspace), classes[1], classes[0], committed);
    }

    /**
     * Heap committed (KiB) from GC.heap_info: "committed NK" where the JVM says so (Java 25: "total
     * reserved NK, committed NK, used NK"), else "total NK" (older JVMs; Serial/Parallel: young + old).
     */
    static long heapCommittedKib(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("Metaspace")) {
                continue;
            }
            Matcher m = COMMITTED.matcher(line);
            if (!m.find()) {
                m = TOTAL.matcher(line);
                if (!m.find()) {
                    continue;
                }
            }
            sum += kib(m.group(1), m.group(2));
            found = true;
        }
        return found ? sum : -1;
    }

    String run(long pid, String command) {
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw BenchException.failure("jcmd " + pid + " " + command + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw BenchException.failure("jcmd " + pid + " " + command + " failed (exit " + p.exitValue() + "): "
                        + out.strip().replace('\n', ' '));
            }
            return out;
        } catch (IOException e) {
            throw BenchException.failure("cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BenchException.failure("interrupted while running jcmd " + command, e);
        }
    }

    /**
     * Heap used (KiB) from GC.heap_info: the sum of the "used" figures of the lines that start in
     * column 0 (one line for G1 and ZGC, young + old for Serial and Parallel), metaspace left out.
     */
    static long heapUsedKib(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("Metaspace")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                sum += kib(m.group(1), m.group(2));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    static long metaspaceUsedKib(String metaspace) {
        Matcher m = METASPACE_USED.matcher(metaspace);
        return m.find() ? kib(m.group(1), m.group(2)) : -1;
    }

    /** {loaders, classes} from VM.metaspace's "Total Usage" line; -1 each if absent. */
    static int[] classTotals(String metaspace) {
        Matcher m = CLASS_TOTALS.matcher(metaspace);
        return m.find() ? new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) } : new int[] { -1, -1 };
    }

    private static long kib(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "M" -> value * 1024;
            case "G" -> value * 1024 * 1024;
            default -> value;
        };
    }
}
