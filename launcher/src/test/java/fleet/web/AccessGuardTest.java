package fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.Headers;

/** The rules of {@link AccessGuard} one by one; DashboardApiTest proves them over real HTTP. */
class AccessGuardTest {

    private final AccessToken token = AccessToken.random();
    private final AccessGuard guard = new AccessGuard(token, true);
    private final InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 50_000);

    @Test
    void loopbackNamesWithOrWithoutPort() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:8090", "localhost", "LOCALHOST:8090", "127.8.9.10:1",
            "[::1]", "[::1]:8090", "[0:0:0:0:0:0:0:1]:8090", "app.localhost:8090"}) {
            assertTrue(AccessGuard.loopbackHost(host), host);
        }
        for (String host : new String[] {"evil.example", "evil.example:8090", "127.0.0.1.evil.example", "192.0.2.1",
            "localhost.evil.example", "[::2]", "[fe80::1]:8090", "127.0.0.1:80x", "", "[::1]x", "localhost:"}) {
            assertFalse(AccessGuard.loopbackHost(host), host);
        }
        assertFalse(AccessGuard.loopbackHost(null));
    }

    @Test
    void anActionNeedsLoopbackHostOriginAndToken() {
        assertEquals(Optional.empty(), guard.refuseAction(loopback, headers("127.0.0.1:8090", null, token.value())));
        assertEquals(Optional.empty(), guard.refuseAction(loopback,
                headers("localhost:8090", "http://localhost:8090", token.value())));

        assertTrue(guard.refuseAction(loopback, headers("127.0.0.1:8090", null, null)).orElseThrow()
                .contains("missing X-Fleet-Token"));
        assertTrue(guard.refuseAction(loopback, headers("127.0.0.1:8090", null, token.value() + "x")).orElseThrow()
                .contains("wrong X-Fleet-Token"));
        assertTrue(guard.refuseAction(loopback, headers("evil.example", null, token.value())).orElseThrow()
                .contains("not a loopback name"));
        assertTrue(guard.refuseAction(loopback, headers("127.0.0.1:8090", "http://evil.example", token.value()))
                .orElseThrow().contains("Origin"));
        assertTrue(guard.refuseAction(loopback, headers("127.0.0.1:8090", "null", token.value())).isPresent(),
                "a sandboxed page sends Origin: null");
        assertTrue(guard.refuseAction(new InetSocketAddress("192.0.2.7", 50_000),
                headers("127.0.0.1:8090", null, token.value())).orElseThrow().contains("only from this machine"));
    }

    @Test
    void readsNeedALoopbackHostOnlyWhileListeningOnLoopback() {
        assertEquals(Optional.empty(), guard.refuseRead(headers("127.0.0.1:8090", null, null)));
        assertTrue(guard.refuseRead(headers("evil.example:8090", null, null)).isPresent());
        AccessGuard exposed = new AccessGuard(token, false);
        assertEquals(Optional.empty(), exposed.refuseRead(headers("fleet-host.example:8090", null, null)));
    }

    @Test
    void tokensAreRandomAndNeverPrinted() {
        assertNotEquals(token.value(), AccessToken.random().value());
        assertTrue(token.value().length() >= 32, token.value());
        assertFalse(token.toString().contains(token.value()));
        assertFalse(token.matches(null));
    }

    private static Headers headers(String host, String origin, String fleetToken) {
        Headers headers = new Headers();
        if (host != null) {
            headers.add("Host", host);
        }
        if (origin != null) {
            headers.add("Origin", origin);
        }
        if (fleetToken != null) {
            headers.add(AccessGuard.TOKEN_HEADER, fleetToken);
        }
        return headers;
    }
}
