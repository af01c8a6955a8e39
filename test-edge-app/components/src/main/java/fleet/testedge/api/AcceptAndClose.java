package fleet.testedge.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A listening socket whose thread accepts every connection and closes it right away. */
final class AcceptAndClose {

    private final ServerSocket socket;
    private final Thread thread;

    AcceptAndClose(String pid, String id, int port) {
        socket = PortBindings.serverSocket(pid, id, port);
        thread = new Thread(this::acceptLoop, pid + "[" + id + "]");
        thread.setDaemon(true);
        thread.start();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void close() throws IOException, InterruptedException {
        socket.close();
        thread.join(5_000);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                // accepted and closed: enough to show that the port is served
            } catch (IOException e) {
                // closed by close(), or one bad connection: the loop condition decides
            }
        }
    }
}
