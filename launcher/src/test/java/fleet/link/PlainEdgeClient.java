package fleet.link;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain websocket client speaking the edge's side of the protocol by hand (java.net.http), for
 * tests that need to see close codes and answers. Many of them share one HttpClient.
 */
final class PlainEdgeClient implements WebSocket.Listener {

    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason = "";
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects with this apikey header (none when null) and waits for the handshake. */
    static PlainEdgeClient connect(HttpClient http, URI uri, String apikey) throws Exception {
        PlainEdgeClient client = new PlainEdgeClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (apikey != null) {
            builder.header("apikey", apikey);
        }
        client.socket = builder.buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
    }

    void abort() {
        socket.abort();
    }

    int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    static String timestampedData(long millis, int channels) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < channels; i++) {
            values.append(i == 0 ? "" : ",").append("\"meter0/ActivePower").append(i).append("\":").append(i);
        }
        return "{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"" + millis + "\":{" + values + "}}}";
    }

    static String edgeConfig(int components) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < components; i++) {
            list.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":{\"factoryId\":\"X\",\"properties\":{}}");
        }
        return "{\"jsonrpc\":\"2.0\",\"method\":\"edgeConfig\",\"params\":{\"components\":{" + list
                + "},\"factories\":{}}}";
    }
}
