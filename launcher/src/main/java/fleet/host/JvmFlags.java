package fleet.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of the JVM that hosts the frameworks, chosen from the fleet's size. Users can add
 * their own with FLEET_JVM_OPTS; later flags win, so theirs override these.
 */
public final class JvmFlags {

    static final String USER_OPTS_ENV = "FLEET_JVM_OPTS";

    /** Heap reserved for the JVM and fleet itself, and for each edge (measured: notes §7a, README sizing). */
    private static final int BASE_HEAP_MB = 256;
    private static final int HEAP_PER_EDGE_MB = 40;

    private JvmFlags() {
    }

    public static List<String> forEdges(int edges) {
        List<String> flags = new ArrayList<>();
        int heapMb = BASE_HEAP_MB + HEAP_PER_EDGE_MB * edges;
        flags.add("-Xms64m");
        flags.add("-Xmx" + heapMb + "m");
        // Give committed heap back when it is not needed: RSS follows what G1 keeps committed.
        flags.add("-XX:+UseG1GC");
        flags.add("-XX:G1PeriodicGCInterval=60000");
        // Thousands of equal strings (channel ids, property keys) per edge.
        flags.add("-XX:+UseStringDeduplication");
        flags.add("-Djava.awt.headless=true");
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
