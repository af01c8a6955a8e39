package fleet.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 that plays a release host: what it answers at each path is set by
 * the test, and it counts the requests it gets (a test that expects no network sees zero).
 */
final class ReleaseServer implements AutoCloseable {

    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    ReleaseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                Answer answer = answers.get(exchange.getRequestURI().getPath());
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    answer.answer(exchange);
                }
            }
        });
        server.start();
    }

    ReleaseServer at(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** The whole body, with its Content-Length. */
    static Answer body(byte[] bytes) {
        return exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** As GitHub answers a release download: a redirect to where the file really is. */
    static Answer redirectTo(String path) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", path);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
