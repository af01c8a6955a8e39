package fleet.link;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fleet.state.FleetState;
import fleet.testing.Wait;

/**
 * A receiver that stops while edges reconnect at once (as OpenEMS does after a loss) must not leave
 * any of them "connected" to a dead socket: after a restart on the same port every edge is back.
 */
class ReceiverRestartTest {

    private static final int EDGES = 20;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final List<Reconnecting> edges = new ArrayList<>();
    private BuiltInReceiver receiver;

    @AfterEach
    void stop() {
        edges.forEach(Reconnecting::stop);
        retries.shutdownNow();
        if (receiver != null) {
            receiver.close();
        }
        http.shutdownNow(); // close() waits for every open websocket to end, and a late one may never
    }

    @Test
    void everyEdgeReconnectsAfterEachRestart() throws Exception {
        FleetState state = new FleetState();
        receiver = BuiltInReceiver.start(0, state, key -> Optional.of(key), reports -> {
        });
        int port = receiver.port();
        URI uri = receiver.edgeUri();
        for (int i = 0; i < EDGES; i++) {
            Reconnecting edge = new Reconnecting(uri, "edge" + i);
            edges.add(edge);
            edge.connect();
        }
        for (int restart = 0; restart < 5; restart++) {
            BuiltInReceiver current = receiver;
            Wait.until(Duration.ofSeconds(20), () -> current.openConnections() == EDGES,
                    () -> current.openConnections() + " of " + EDGES + " connected");
            receiver.close();
            receiver = BuiltInReceiver.start(port, state, key -> Optional.of(key), reports -> {
            });
        }
        BuiltInReceiver last = receiver;
        Wait.until(Duration.ofSeconds(20), () -> last.openConnections() == EDGES,
                () -> last.openConnections() + " of " + EDGES + " connected after the last restart");
    }

    /** Reconnects like OpenEMS's backend client: at once after a loss, then every 300 ms. */
    private final class Reconnecting implements WebSocket.Listener {
        private final URI uri;
        private final String apikey;
        private volatile boolean stopped;
        private volatile WebSocket socket;
        private int attemptsSinceLoss;

        Reconnecting(URI uri, String apikey) {
            this.uri = uri;
            this.apikey = apikey;
        }

        synchronized void connect() {
            if (stopped) {
                return;
            }
            http.newWebSocketBuilder().header("apikey", apikey).connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, this).whenComplete((ws, error) -> {
                        if (error != null) {
                            lost();
                        }
                    });
        }

        synchronized void lost() {
            if (stopped) {
                return;
            }
            long delay = attemptsSinceLoss++ == 0 ? 0 : 300;
            retries.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }

        void stop() {
            stopped = true;
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            if (stopped) { // a connect that was under way when the test stopped this edge
                webSocket.abort();
                return;
            }
            synchronized (this) {
                attemptsSinceLoss = 0;
            }
            webSocket.sendText(PlainEdgeClient.timestampedData(System.currentTimeMillis(), 1), true);
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost();
        }
    }
}
