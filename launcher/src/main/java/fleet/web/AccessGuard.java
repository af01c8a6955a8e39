package fleet.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;

import com.sun.net.httpserver.Headers;

/**
 * Who may read and who may act.
 *
 * <ul>
 * <li>Actions (every POST) only from a loopback address, with a loopback name in {@code Host} (a
 * page of another site that re-points its DNS name at 127.0.0.1 still sends its own name there),
 * with a loopback {@code Origin} when the browser sends one, and with the token printed at start in
 * {@code X-Fleet-Token}. A custom header also makes a browser ask first (CORS preflight), which
 * fleet never allows.</li>
 * <li>Reads: from anywhere the server listens, but while it listens on loopback only with a
 * loopback {@code Host}, so that a rebinding page cannot read the fleet either.</li>
 * </ul>
 */
final class AccessGuard {

    static final String TOKEN_HEADER = "X-Fleet-Token";

    private final AccessToken token;
    private final boolean loopbackOnly;

    AccessGuard(AccessToken token, boolean loopbackOnly) {
        this.token = token;
        this.loopbackOnly = loopbackOnly;
    }

    /** Why this read is refused; empty when allowed. */
    Optional<String> refuseRead(Headers headers) {
        if (loopbackOnly && !loopbackHost(headers.getFirst("Host"))) {
            return Optional.of("Host " + quote(headers.getFirst("Host")) + " is not a loopback name; open the"
                    + " dashboard as http://127.0.0.1:<port>/ or http://localhost:<port>/");
        }
        return Optional.empty();
    }

    /** Why this action is refused; empty when allowed. */
    Optional<String> refuseAction(InetSocketAddress remote, Headers headers) {
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            return Optional.of("actions are accepted only from this machine (loopback), not from "
                    + (address == null ? "an unknown address" : address.getHostAddress()));
        }
        if (!loopbackHost(headers.getFirst("Host"))) {
            return Optional.of("Host " + quote(headers.getFirst("Host")) + " is not a loopback name");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !loopbackOrigin(origin)) {
            return Optional.of("Origin " + quote(origin) + " is not this dashboard");
        }
        if (!token.matches(headers.getFirst(TOKEN_HEADER))) {
            return Optional.of(headers.getFirst(TOKEN_HEADER) == null
                    ? "missing " + TOKEN_HEADER + " header: use the token fleet printed at start"
                    : "wrong " + TOKEN_HEADER + ": use the token fleet printed at start");
        }
        return Optional.empty();
    }

    /** localhost, 127.x.y.z or [::1], with or without a port. */
    static boolean loopbackHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && ipv6Loopback(name.substring(1, end)) && portOrNothing(name.substring(end + 1));
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!portOrNothing(name.substring(colon))) {
                return false;
            }
            name = name.substring(0, colon);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        return name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean ipv6Loopback(String literal) {
        if (!literal.matches("[0-9a-f:]+")) {
            return false; // a name, not a literal: never resolved here
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty() || rest.matches(":\\d{1,5}");
    }

    private static boolean loopbackOrigin(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") && loopbackHost(lower.substring("http://".length()).replaceAll("/.*", ""));
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
