package fleet.testedge.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Controller.Api.Backend}: a websocket client to an OpenEMS backend. Connects to {@code uri}
 * with header {@code apikey}, sends {@code edgeConfig} on open and {@code timestampedData} every
 * cycle, answers every JSON-RPC request with an empty success result. Reconnects like OpenEMS: the
 * first attempt after a loss right away, each further one after a delay drawn once per instance
 * between {@code reconnectMinSeconds} and {@code reconnectMaxSeconds} (a failed first connect
 * counts as a loss). fleet reads
 * {@link #isConnected()} by reflection.
 *
 * <p>All state changes and sends run on one thread ({@code worker}); java.net.http allows only one
 * outstanding send per websocket, and one thread keeps the state machine simple.
 */
@Component(name = BackendClient.PID, configurationPid = BackendClient.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { CycleListener.class, TestEdgeComponent.class },
        property = { "id=ctrlBackend0", "enabled:Boolean=true" })
public class BackendClient implements CycleListener, TestEdgeComponent {

    static final String PID = "Controller.Api.Backend";
    static final String DEFAULT_URI = "ws://localhost:8081";
    private static final Logger LOG = Logger.getLogger("fleet.testedge." + PID);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final long SEND_TIMEOUT_SECONDS = 10;

    public @interface Config {
        String id() default "ctrlBackend0";

        boolean enabled() default true;

        String apikey();

        String uri() default DEFAULT_URI;

        int reconnectMinSeconds() default 10;

        int reconnectMaxSeconds() default 100;
    }

    private String id;
    private URI uri;
    private String apikey;
    private long reconnectDelaySeconds;
    private BundleContext context;
    private HttpClient http;
    private ScheduledExecutorService worker;

    // Touched by the worker thread only.
    private WebSocket socket;
    private int reconnectsSinceConnected;
    private boolean failureLogged;
    private boolean stopped;

    private volatile boolean connected;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        id = config.id();
        apikey = config.apikey();
        if (apikey == null || apikey.isBlank()) {
            throw new IllegalArgumentException(PID + " [" + id + "]: apikey is required");
        }
        uri = parseUri(config.uri());
        if (config.reconnectMinSeconds() < 0 || config.reconnectMaxSeconds() < config.reconnectMinSeconds()) {
            throw new IllegalArgumentException(PID + " [" + id + "]: need 0 <= reconnectMinSeconds <= "
                    + "reconnectMaxSeconds, got " + config.reconnectMinSeconds() + " and "
                    + config.reconnectMaxSeconds());
        }
        reconnectDelaySeconds = ThreadLocalRandom.current()
                .nextLong(config.reconnectMinSeconds(), config.reconnectMaxSeconds() + 1L);
        if (!config.enabled()) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, PID + "[" + id + "]");
            thread.setDaemon(true);
            return thread;
        });
        // A pending reconnect (up to reconnectMaxSeconds away) must not hold up deactivation.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        worker = executor;
        http = HttpClient.newBuilder().connectTimeout(HANDSHAKE_TIMEOUT).build();
        worker.execute(this::connect);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (worker == null) {
            return;
        }
        worker.execute(() -> {
            stopped = true;
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "edge stops").orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
                socket.abort();
            }
            setConnected(false, "stopped");
        });
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        worker.shutdownNow();
        http.shutdownNow();
    }

    /** True while the websocket to the backend is open. */
    public boolean isConnected() {
        return connected;
    }

    /** The delay before the second and later reconnect attempts, drawn once at activation. */
    public long getReconnectDelaySeconds() {
        return reconnectDelaySeconds;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void onCycle(MeasuredCycleTime cycle) {
        if (connected) {
            String message = Messages.timestampedData(System.currentTimeMillis(), cycle.getMillis());
            onWorker(() -> send(socket, message));
        }
    }

    /** Runs a task on the worker thread; after deactivation there is no worker and the task is dropped. */
    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivated: nothing left to do
        }
    }

    private URI parseUri(String text) {
        String value = text == null || text.isBlank() ? DEFAULT_URI : text.trim();
        try {
            URI parsed = URI.create(value);
            if (!"ws".equals(parsed.getScheme()) && !"wss".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("scheme must be ws or wss");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " [" + id + "]: uri '" + value + "' is not a websocket URI: "
                    + e.getMessage(), e);
        }
    }

    // ---- worker thread only below ----

    private void connect() {
        if (stopped) {
            return;
        }
        http.newWebSocketBuilder()
                .header("apikey", apikey)
                .connectTimeout(HANDSHAKE_TIMEOUT)
                .buildAsync(uri, new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        onWorker(() -> connectFailed(error));
                    }
                });
    }

    private void connectFailed(Throwable error) {
        if (!failureLogged) {
            failureLogged = true;
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warning(PID + " [" + id + "]: cannot connect to " + uri + ": " + cause
                    + " (retrying, then every " + reconnectDelaySeconds + " s)");
        }
        scheduleReconnect();
    }

    private void opened(WebSocket ws) {
        if (stopped) {
            ws.abort();
            return;
        }
        socket = ws;
        reconnectsSinceConnected = 0;
        failureLogged = false;
        setConnected(true, "connected to " + uri);
        send(ws, Messages.edgeConfig(context));
    }

    private void lost(WebSocket ws, String why) {
        if (ws != socket) {
            return; // an old socket, already replaced or dropped
        }
        socket = null;
        ws.abort();
        setConnected(false, "disconnected from " + uri + ": " + why);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopped) {
            return;
        }
        reconnectsSinceConnected++;
        long delay = reconnectsSinceConnected == 1 ? 0 : reconnectDelaySeconds;
        worker.schedule(this::connect, delay, TimeUnit.SECONDS);
    }

    private void send(WebSocket ws, String message) {
        if (ws == null || ws != socket) {
            return;
        }
        try {
            ws.sendText(message, true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lost(ws, "send failed: " + e);
        }
    }

    private void setConnected(boolean value, String event) {
        if (connected != value) {
            connected = value;
            LOG.info(PID + " [" + id + "]: " + event);
        }
    }

    private void received(WebSocket ws, String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return; // not JSON: ignore, as a lenient client would
        }
        if (parsed.isJsonObject()) {
            JsonObject message = parsed.getAsJsonObject();
            if (message.has("id") && message.has("method")) {
                send(ws, Messages.successResponse(message.get("id")));
            }
        }
    }

    /** Hands every websocket event over to the worker thread. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            onWorker(() -> opened(ws));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onWorker(() -> received(ws, text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            ws.request(1); // the backend protocol is text only
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onWorker(() -> lost(ws, "closed by the backend (" + statusCode
                    + (reason.isEmpty() ? "" : ", " + reason) + ")"));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onWorker(() -> lost(ws, error.toString()));
        }
    }
}
