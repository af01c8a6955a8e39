package fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.plan.DashboardSettings;
import fleet.state.FleetState;

/** Starting the server: the URL it reports, and the one line a user gets when it cannot listen. */
class DashboardServerTest {

    @Test
    void aPortInUseIsOneLineThatNamesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            FleetException e = assertThrows(FleetException.class,
                    () -> DashboardServer.start(new DashboardSettings(port, "127.0.0.1"), new FleetState(), null));
            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertTrue(e.getMessage().startsWith("dashboard: cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("choose another --dashboard-port, or --dashboard-port 0"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void anUnknownBindAddressIsBadInput() {
        FleetException e = assertThrows(FleetException.class, () -> DashboardServer.start(
                new DashboardSettings(8090, "no-such-host.invalid"), new FleetState(), null));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("--dashboard-bind no-such-host.invalid"), e.getMessage());
    }

    @Test
    void theUrlAndThePageUrl() throws Exception {
        // no action is made here, so there is no FleetControl
        try (DashboardServer server = DashboardServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                new FleetState(), null)) {
            assertEquals("http://127.0.0.1:" + server.port() + "/", server.url());
            assertEquals(server.url() + "?token=" + server.token(), server.pageUrl());
        }
    }
}
