package fleet.testedge.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import com.sun.net.httpserver.HttpServer;

/**
 * Binds the API controllers' ports the way OpenEMS does: on all interfaces. A port that is taken
 * fails the component's activation with a message naming the component, its id and the port.
 */
final class PortBindings {

    private PortBindings() {
    }

    static ServerSocket serverSocket(String pid, String id, int port) {
        checkRange(pid, id, port);
        try {
            return new ServerSocket(port);
        } catch (IOException e) {
            throw cannotListen(pid, id, port, e);
        }
    }

    /** Needs {@code com.sun.net.httpserver} from the system bundle (-runsystempackages). */
    static HttpServer httpServer(String pid, String id, int port) {
        checkRange(pid, id, port);
        try {
            return HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw cannotListen(pid, id, port, e);
        }
    }

    private static void checkRange(String pid, String id, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(pid + " [" + id + "]: port must be 0..65535, got " + port);
        }
    }

    private static IllegalStateException cannotListen(String pid, String id, int port, IOException e) {
        return new IllegalStateException(
                pid + " [" + id + "]: cannot listen on port " + port + " (all interfaces): " + e.getMessage()
                        + "; give this edge a free port", e);
    }
}
