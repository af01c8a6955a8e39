package fleet.render;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import fleet.FleetException;

/**
 * Checks, before anything starts, that the ports the fleet will listen on are free on this
 * machine. OpenEMS binds its REST, websocket and Modbus APIs on every interface, so the check
 * binds the wildcard address too.
 */
final class PortProbe {

    private static final int LISTED = 5;

    private PortProbe() {
    }

    /**
     * @param ports       the ports to check
     * @param describe    says whose port it is, e.g. "edge7 ctrlApiRest0.port"
     * @param whatToDo    the advice for the user, e.g. "choose another --port-base"
     */
    static void requireFree(List<Integer> ports, IntFunction<String> describe, String whatToDo) {
        List<String> taken = new ArrayList<>();
        int count = 0;
        for (int port : ports) {
            if (!isFree(port)) {
                count++;
                if (taken.size() < LISTED) {
                    taken.add(port + " (" + describe.apply(port) + ")");
                }
            }
        }
        if (count > 0) {
            throw FleetException.failure((count == 1 ? "port " : count + " ports are in use on this machine: ")
                    + String.join(", ", taken) + (count > LISTED ? " and " + (count - LISTED) + " more" : "")
                    + (count == 1 ? " is already in use on this machine" : "") + " — stop what uses "
                    + (count == 1 ? "it" : "them") + ", or " + whatToDo);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As servers bind (Java and Jetty set SO_REUSEADDR): a port that only lingers in TIME_WAIT is free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
