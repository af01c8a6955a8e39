package fleet.plan;

import java.time.Duration;
import java.util.Optional;

/**
 * How the frameworks are run.
 *
 * @param startConcurrency frameworks started at the same time
 * @param duration         stop by itself after this long (benchmarks, CI); empty = until a signal
 * @param stopGrace        how long the fleet's stop may go without an edge finishing (one edge's stop:
 *                         how long it may take) before frameworks are abandoned
 * @param httpPortBase     Felix HTTP on {@code base + i} (bound to 127.0.0.1); empty = HTTP off
 * @param allBundles       install every bundle of the edge app, not only those the template needs
 * @param sharing          which third-party libraries are loaded once for all edges
 * @param hosted           true inside the hosting JVM that fleet launched for itself
 * @param edgeBind         where the edges' servers listen when they ask for every interface (a
 *                         wildcard: they do)
 * @param mdns             keep OpenEMS's LAN discovery (JmDNS) in every edge
 * @param framework        the OSGi framework implementation every edge runs on
 */
public record RuntimeSettings(int startConcurrency, Optional<Duration> duration, Duration stopGrace,
        Optional<Integer> httpPortBase, boolean allBundles, LibrarySharing sharing, boolean hosted,
        java.net.InetAddress edgeBind, boolean mdns, OsgiFramework framework) {

    /**
     * @param enabled false = every edge loads its own copy of every library
     * @param list    the user's list of candidates; empty = fleet's own list
     */
    public record LibrarySharing(boolean enabled, Optional<java.nio.file.Path> list) {

        public static final LibrarySharing DEFAULT = new LibrarySharing(true, Optional.empty());
        public static final LibrarySharing OFF = new LibrarySharing(false, Optional.empty());
    }

    public RuntimeSettings {
        Check.range("--start-concurrency", startConcurrency, 1, 256);
        duration.ifPresent(d -> Check.that(!d.isNegative() && !d.isZero(), "--duration", d, "must be positive"));
        Check.that(!stopGrace.isNegative() && !stopGrace.isZero(), "--stop-grace", stopGrace, "must be positive");
        httpPortBase.ifPresent(p -> Check.range("--http-port-base", p, 1024, 65535));
        Check.notNull("--edge-bind", edgeBind);
        Check.notNull("--framework", framework);
    }

    /** The default framework ({@link OsgiFramework#DEFAULT}), for callers that do not choose one. */
    public RuntimeSettings(int startConcurrency, Optional<Duration> duration, Duration stopGrace,
            Optional<Integer> httpPortBase, boolean allBundles, LibrarySharing sharing, boolean hosted,
            java.net.InetAddress edgeBind, boolean mdns) {
        this(startConcurrency, duration, stopGrace, httpPortBase, allBundles, sharing, hosted, edgeBind, mdns,
                OsgiFramework.DEFAULT);
    }

    /** The edges' servers on loopback: the default. */
    public static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

    public static int defaultStartConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
