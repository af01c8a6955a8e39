package fleet.host.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindHookTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @AfterEach
    void noRewriting() {
        BindHook.rewriteWildcardTo(null);
    }

    @Test
    void wildcardAndNullBindsListenOnTheChosenAddressWithTheirPort() {
        BindHook.rewriteWildcardTo(LOOPBACK);

        assertEquals(new InetSocketAddress(LOOPBACK, 8084), BindHook.serverAddress(new InetSocketAddress(8084)));
        assertEquals(new InetSocketAddress(LOOPBACK, 0), BindHook.serverAddress(null));
        assertEquals(new InetSocketAddress(LOOPBACK, 502),
                BindHook.serverAddress(new InetSocketAddress("::", 502)));
    }

    @Test
    void explicitAddressesStayAsAsked() {
        BindHook.rewriteWildcardTo(LOOPBACK);
        InetSocketAddress explicit = new InetSocketAddress("127.0.0.2", 80);
        UnixDomainSocketAddress unix = UnixDomainSocketAddress.of("/tmp/x.sock");

        assertEquals(explicit, BindHook.serverAddress(explicit));
        assertEquals(unix, BindHook.serverAddress(unix));
    }

    @Test
    void fleetsOwnServersBindAsAskedInsideTheScopeOnly() {
        BindHook.rewriteWildcardTo(LOOPBACK);
        InetSocketAddress wildcard = new InetSocketAddress(8090);

        try (var asAsked = BindHook.bindAsAsked()) {
            assertEquals(wildcard, BindHook.serverAddress(wildcard));
        }
        assertEquals(new InetSocketAddress(LOOPBACK, 8090), BindHook.serverAddress(wildcard));
    }

    @Test
    void aWildcardTargetRewritesNothing() throws Exception {
        BindHook.rewriteWildcardTo(InetAddress.getByName("0.0.0.0"));
        InetSocketAddress wildcard = new InetSocketAddress(8084);

        assertEquals(wildcard, BindHook.serverAddress(wildcard));
    }
}
