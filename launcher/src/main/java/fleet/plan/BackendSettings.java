package fleet.plan;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the edges send their data.
 *
 * @param uri          an OpenEMS Backend; empty = fleet's built-in receiver
 * @param receiverPort port of the built-in receiver on 127.0.0.1 (0 = any free port)
 * @param connectRate  new backend connections per second while starting
 * @param waitOnline   block until every edge is online, at most this long
 * @param runBackend   the OpenEMS Backend jars fleet runs itself ({@code --with-backend}); empty = none
 */
public record BackendSettings(Optional<URI> uri, int receiverPort, double connectRate,
        Optional<Duration> waitOnline, Optional<BackendJars> runBackend) {

    /**
     * The OpenEMS Backend fleet runs as child processes.
     *
     * @param backend  openems-backend.jar
     * @param edgeApp  openems-backend-edge.jar, the edge-facing app of 2026.2+ backends; empty for
     *                 older ones, whose Backend takes the edges itself
     */
    public record BackendJars(Path backend, Optional<Path> edgeApp) {
    }

    public BackendSettings(Optional<URI> uri, int receiverPort, double connectRate, Optional<Duration> waitOnline) {
        this(uri, receiverPort, connectRate, waitOnline, Optional.empty());
    }

    public static final double DEFAULT_CONNECT_RATE = 5.0;

    public BackendSettings {
        uri.ifPresent(u -> Check.that("ws".equals(u.getScheme()) || "wss".equals(u.getScheme()), "--backend", u,
                "must be a websocket URI like ws://host:8081"));
        Check.range("--receiver-port", receiverPort, 0, 65535);
        Check.that(connectRate > 0 && connectRate <= 1000, "--connect-rate", connectRate,
                "must be more than 0 and at most 1000 per second");
        waitOnline.ifPresent(d -> Check.that(!d.isNegative() && !d.isZero(), "--wait-online", d, "must be positive"));
        Check.that(uri.isEmpty() || runBackend.isEmpty(), "--with-backend", "with --backend " + uri.orElse(null),
                "runs fleet's own OpenEMS Backend: pass one of them");
    }

    /** The edges connect to the Backend at this URI: the one fleet started for {@link #runBackend}. */
    public BackendSettings withUri(URI backend) {
        return new BackendSettings(Optional.of(backend), receiverPort, connectRate, waitOnline, Optional.empty());
    }

    public boolean builtInReceiver() {
        return uri.isEmpty() && runBackend.isEmpty();
    }
}
