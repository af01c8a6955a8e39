package fleet.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the edges send their data.
 *
 * @param uri          an OpenEMS Backend; empty = fleet's built-in receiver
 * @param receiverPort port of the built-in receiver on 127.0.0.1 (0 = any free port)
 * @param connectRate  new backend connections per second while starting
 * @param waitOnline   block until every edge is online, at most this long
 */
public record BackendSettings(Optional<URI> uri, int receiverPort, double connectRate,
        Optional<Duration> waitOnline) {

    public static final double DEFAULT_CONNECT_RATE = 5.0;

    public BackendSettings {
        uri.ifPresent(u -> Check.that("ws".equals(u.getScheme()) || "wss".equals(u.getScheme()), "--backend", u,
                "must be a websocket URI like ws://host:8081"));
        Check.range("--receiver-port", receiverPort, 0, 65535);
        Check.that(connectRate > 0 && connectRate <= 1000, "--connect-rate", connectRate,
                "must be more than 0 and at most 1000 per second");
        waitOnline.ifPresent(d -> Check.that(!d.isNegative() && !d.isZero(), "--wait-online", d, "must be positive"));
    }

    public boolean builtInReceiver() {
        return uri.isEmpty();
    }
}
