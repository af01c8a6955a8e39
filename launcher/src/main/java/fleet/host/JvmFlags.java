package fleet.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of the JVM that hosts the frameworks, chosen from the fleet's size. Users can add
 * their own with FLEET_JVM_OPTS; later flags win, so theirs override these.
 */
public final class JvmFlags {

    static final String USER_OPTS_ENV = "FLEET_JVM_OPTS";

    /**
     * Heap for the JVM and fleet itself, and for each edge. A real OpenEMS edge of the built-in
     * template keeps 13-17 MiB live (README, sizing); twice that gives G1 room to work without
     * committing (and so keeping resident) far more than the fleet uses.
     */
    private static final int BASE_HEAP_MB = 128;
    private static final int HEAP_PER_EDGE_MB = 32;
    /**
     * Compiled code: every edge has its own copy of OpenEMS's classes, so the JIT compiles the same
     * methods once per edge. The JVM's default code cache (48 MiB with C1 only) was full at 50 real
     * edges and the JVM then switched its compiler off for good ("CodeCache is full"), leaving every
     * edge interpreted. It is reserved address space, committed only as code is compiled.
     */
    private static final int BASE_CODE_CACHE_MB = 64;
    private static final int CODE_CACHE_PER_EDGE_MB = 2;
    /** The JVM's limit for {@code ReservedCodeCacheSize}. */
    private static final int MAX_CODE_CACHE_MB = 2040;
    /** Never ask for more than this share of the machine's memory. */
    private static final double MAX_SHARE_OF_RAM = 0.8;

    private JvmFlags() {
    }

    private static long maxHeapMb() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return (long) (os.getTotalMemorySize() / (1024 * 1024) * MAX_SHARE_OF_RAM);
        }
        return Long.MAX_VALUE;
    }

    static long codeCacheMb(int edges) {
        return Math.min(BASE_CODE_CACHE_MB + (long) CODE_CACHE_PER_EDGE_MB * edges, MAX_CODE_CACHE_MB);
    }

    /**
     * Java thread priorities are not passed to Linux by default. fleet needs one: at a fleet stop it
     * lowers OpenEMS's worker threads, which spin for a second after deactivation, to nice 19
     * ({@code fleet.runtime.SpinningWorkers}). Every other
     * Java priority stays at nice 0, as without these flags, so no other thread runs differently.
     */
    static List<String> threadPriorities() {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:ThreadPriorityPolicy=1");
        for (int priority = 1; priority <= 10; priority++) {
            int nice = priority == DEMOTED_PRIORITY ? 19 : 0;
            flags.add("-XX:JavaPriority" + priority + "_To_OSPriority=" + nice);
        }
        return flags;
    }

    /** The Java priority that runs at nice 19: 2, because OpenEMS itself sets only MIN_PRIORITY (1). */
    public static final int DEMOTED_PRIORITY = 2;

    /**
     * The one line the JVM prints for {@code -XX:ThreadPriorityPolicy=1} when not run by root. It is
     * about raising priorities, which fleet never does; the hosting JVM's error output drops it.
     */
    static boolean isPriorityPolicyWarning(String line) {
        return line.contains("-XX:ThreadPriorityPolicy=1 may require system level permission");
    }

    public static List<String> forEdges(int edges) {
        List<String> flags = new ArrayList<>();
        long heapMb = Math.min(BASE_HEAP_MB + (long) HEAP_PER_EDGE_MB * edges, maxHeapMb());
        flags.add("-Xms64m");
        flags.add("-Xmx" + heapMb + "m");
        // Give committed heap back when it is not needed: RSS follows what G1 keeps committed.
        flags.add("-XX:+UseG1GC");
        flags.add("-XX:G1PeriodicGCInterval=60000");
        // fleet asks for a collection when edges are removed (HeapGiveBack); a concurrent cycle gives
        // their heap back as well as a full collection would, without stopping every other edge for it.
        flags.add("-XX:+ExplicitGCInvokesConcurrent");
        // Thousands of equal strings (channel ids, property keys) per edge.
        flags.add("-XX:+UseStringDeduplication");
        // C1 only: N copies of every class compile N times; C2's extra speed is not worth its compile
        // threads and code cache here (measured: faster start, less CPU at 10 edges; README, sizing).
        flags.add("-XX:TieredStopAtLevel=1");
        flags.add("-XX:ReservedCodeCacheSize=" + codeCacheMb(edges) + "m");
        flags.add("-Djava.awt.headless=true");
        flags.addAll(threadPriorities());
        if (Runtime.version().feature() >= 25) {
            // 8-byte object headers (JEP 519): every edge holds millions of small objects.
            flags.add("-XX:+UseCompactObjectHeaders");
        }
        if (Runtime.version().feature() >= 23) {
            // Felix 7 uses sun.misc.Unsafe; without this, Java 24+ prints a warning block at every start.
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        String user = System.getenv(USER_OPTS_ENV);
        if (user != null && !user.isBlank()) {
            for (String flag : user.trim().split("\\s+")) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
