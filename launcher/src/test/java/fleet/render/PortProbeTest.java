package fleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.testing.ConfigFiles;

class PortProbeTest {

    @Test
    void aListeningPortIsNamedWithItsOwnerAndWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            int free = ConfigFiles.freePort();

            FleetException e = assertThrows(FleetException.class, () -> PortProbe.requireFree(List.of(free, port),
                    p -> "edge3 ctrlApiRest0.port", "choose another --port-base"));

            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertEquals("port " + port + " (edge3 ctrlApiRest0.port) is already in use on this machine — stop what uses"
                    + " it, or choose another --port-base", e.getMessage());
            assertFalse(PortProbe.isFree(port));
            assertTrue(PortProbe.isFree(free));
        }
    }
}
