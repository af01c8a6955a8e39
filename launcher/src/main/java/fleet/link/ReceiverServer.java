package fleet.link;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The built-in receiver's websocket server (Java-WebSocket, what OpenEMS's own servers use): one
 * selector thread and one decoder thread per CPU, however many edges connect. It only hands events
 * to {@link BuiltInReceiver}; the protocol lives there.
 */
final class ReceiverServer extends WebSocketServer {

    /** Called on the server's decoder threads, one connection always on the same thread. */
    interface Events {
        void opened(WebSocket connection, ClientHandshake handshake);

        void message(WebSocket connection, String text);

        void closed(WebSocket connection, int code, String reason, boolean byRemote);
    }

    private static final Logger LOG = Logger.getLogger(ReceiverServer.class.getName());
    /** Pings every connection this often and drops the silent ones, as OpenEMS's servers do. */
    private static final int CONNECTION_LOST_TIMEOUT_SECONDS = 60;

    private final Events events;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    private final Set<WebSocket> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ReceiverServer(InetSocketAddress address, Events events) {
        super(address, Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.events = events;
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
        setConnectionLostTimeout(CONNECTION_LOST_TIMEOUT_SECONDS);
    }

    /** Starts listening and waits until the socket is bound; returns the failure if it could not bind. */
    Exception startAndAwait(Duration timeout) throws InterruptedException {
        start();
        if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return new IllegalStateException("did not start within " + timeout.toSeconds() + " s");
        }
        return startFailure;
    }

    /**
     * Stops the server and closes every connection at the socket. Java-WebSocket keeps accepting
     * while it stops, and a connection accepted then gets its handshake answer but its close frame
     * may never be sent once the selector is gone: an edge reconnecting at that moment (OpenEMS
     * retries at once after a loss) would stay "connected" to nothing for good.
     */
    void shutdown(int timeoutMillis, String reason) throws InterruptedException {
        closing = true;
        stop(timeoutMillis, reason);
        for (WebSocket connection : List.copyOf(live)) {
            connection.closeConnection(CloseFrame.GOING_AWAY, reason);
        }
    }

    @Override
    protected boolean onConnect(SelectionKey key) {
        return !closing; // false: Java-WebSocket stops accepting (it cancels the accept key)
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket connection, ClientHandshake handshake) {
        if (closing) {
            connection.closeConnection(CloseFrame.GOING_AWAY, "the receiver stops");
            return;
        }
        live.add(connection);
        events.opened(connection, handshake);
    }

    @Override
    public void onMessage(WebSocket connection, String message) {
        events.message(connection, message);
    }

    @Override
    public void onMessage(WebSocket connection, ByteBuffer message) {
        // the backend protocol is JSON text only; OpenEMS ignores binary frames too
    }

    @Override
    public void onClose(WebSocket connection, int code, String reason, boolean byRemote) {
        live.remove(connection);
        events.closed(connection, code, reason, byRemote);
    }

    @Override
    public void onError(WebSocket connection, Exception e) {
        if (connection == null) {
            // the server socket itself: bind failure at start, or the selector died
            startFailure = e;
            started.countDown();
            LOG.log(Level.FINE, "built-in receiver (not an OpenEMS Backend): " + e, e); // Java-WebSocket logs it too
        } else {
            // onClose follows for the connection; this is only the detail
            LOG.log(Level.FINE, "built-in receiver: error on " + connection.getRemoteSocketAddress() + ": " + e, e);
        }
    }
}
