package fleet.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.control.FleetControl;
import fleet.plan.EdgeRange;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;

/**
 * Every path of the dashboard (README, "JSON API"). Reads answer from FleetState and the sampler;
 * actions (POST) pass the {@link AccessGuard} and then call {@link FleetControl}, and answer when
 * the change is done.
 */
final class Routes implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Routes.class.getName());
    private static final String JSON = "application/json; charset=utf-8";
    private static final int GZIP_ABOVE = 8 * 1024;
    private static final long MAX_CUT_SECONDS = 86_400;
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");

    private final FleetState state;
    private final FleetControl control;
    private final FleetSampler sampler;
    private final AccessGuard guard;

    Routes(FleetState state, FleetControl control, FleetSampler sampler, AccessGuard guard) {
        this.state = state;
        this.control = control;
        this.sampler = sampler;
        this.guard = guard;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try { // not try-with-resources: the catch blocks below still answer through the exchange
            drain(exchange);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (method.equals("POST")) {
                Optional<String> refused = guard.refuseAction(exchange.getRemoteAddress(), exchange.getRequestHeaders());
                if (refused.isPresent()) {
                    LOG.info(() -> "dashboard: refused " + method + " " + path + " from "
                            + exchange.getRemoteAddress() + ": " + refused.get());
                    json(exchange, 403, ApiJson.error("refused: " + refused.get()));
                    return;
                }
                action(exchange, path, query(exchange));
            } else if (method.equals("GET") || method.equals("HEAD")) {
                Optional<String> refused = guard.refuseRead(exchange.getRequestHeaders());
                if (refused.isPresent()) {
                    json(exchange, 403, ApiJson.error("refused: " + refused.get()));
                    return;
                }
                read(exchange, path, query(exchange));
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
                json(exchange, 405, ApiJson.error(method + " is not supported; reads are GET, actions are POST"));
            }
        } catch (BadRequest e) {
            json(exchange, 400, ApiJson.error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dashboard: " + exchange.getRequestURI() + " failed", e);
            try {
                json(exchange, 500, ApiJson.error("internal error: " + e));
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun already; the client sees a cut response
            }
        } finally {
            exchange.close();
        }
    }

    // ---- reads ----

    private void read(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        if (STATIC.containsKey(path)) {
            page(exchange, STATIC.get(path));
            return;
        }
        List<String> parts = segments(path);
        if (path.equals("/metrics")) {
            List<EdgeStatus> edges = state.edges();
            send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(sampler.latest().withEdges(edges),
                    state.startedAt(), edges).getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/healthz")) {
            // Liveness (Kubernetes): the process answers.
            json(exchange, 200, ApiJson.probe("ok", state.edges()));
        } else if (path.equals("/readyz")) {
            // Readiness: every edge of this fleet has started (a fleet that is starting or stopping is not ready).
            List<EdgeStatus> edges = state.edges();
            boolean ready = !edges.isEmpty() && edges.stream().allMatch(e -> e.framework() == FrameworkState.ACTIVE);
            json(exchange, ready ? 200 : 503, ApiJson.probe(ready ? "ready" : "not ready", edges));
        } else if (path.equals("/api/fleet")) {
            json(exchange, 200, ApiJson.fleet(state.info(), state.startedAt(), sampler.latest().withEdges(state.edges()),
                    state.backendProcesses()));
        } else if (path.equals("/api/history")) {
            json(exchange, 200, ApiJson.history(sampler.history()));
        } else if (path.equals("/api/edges")) {
            List<EdgeStatus> edges = state.edges();
            String wanted = query.get("state");
            if (wanted != null) {
                FrameworkState filter = frameworkState(wanted);
                edges = edges.stream().filter(e -> e.framework() == filter).toList();
            }
            json(exchange, 200, ApiJson.edges(edges, Instant.now()));
        } else if (parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("edges")) {
            Optional<EdgeStatus> edge = state.edge(parts.get(2));
            if (edge.isEmpty()) {
                json(exchange, 404, ApiJson.error(noSuchEdge(parts.get(2))));
            } else {
                json(exchange, 200, ApiJson.edge(edge.get(), Instant.now()));
            }
        } else if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("edges")
                && parts.get(3).equals("log")) {
            log(exchange, parts.get(2), query);
        } else if (path.equals("/favicon.ico")) {
            send(exchange, 204, null, null);
        } else {
            json(exchange, 404, ApiJson.error("no such path: " + path + " (see the README, JSON API)"));
        }
    }

    private void log(HttpExchange exchange, String name, Map<String, String> query) throws IOException {
        Optional<Path> file = control.logFile(name);
        if (file.isEmpty()) {
            json(exchange, 404, ApiJson.error(noSuchEdge(name)));
            return;
        }
        int lines = (int) number(query, "lines", 200, 1, LogTail.MAX_LINES);
        send(exchange, 200, "text/plain; charset=utf-8",
                LogTail.read(file.get(), lines).getBytes(StandardCharsets.UTF_8));
    }

    private void page(HttpExchange exchange, String resource) throws IOException {
        byte[] body;
        try (InputStream in = Routes.class.getResourceAsStream(resource)) {
            if (in == null) {
                json(exchange, 404, ApiJson.error("fleet.jar lacks the page resource " + resource));
                return;
            }
            body = in.readAllBytes();
        }
        String type = resource.endsWith(".js") ? "text/javascript; charset=utf-8"
                : resource.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
        var headers = exchange.getResponseHeaders();
        // The page needs nothing from elsewhere; no frames (no clicks through another site's overlay),
        // no referrer (the first URL carries the token).
        headers.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'none'");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        send(exchange, 200, type, body);
    }

    // ---- actions ----

    private void action(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        List<String> parts = segments(path);
        try {
            if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("edges")) {
                edgeAction(exchange, parts.get(2), parts.get(3), query);
            } else if (parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("fleet")) {
                fleetAction(exchange, parts.get(2), query);
            } else {
                json(exchange, 404, ApiJson.error("no action at " + path + " (see the README, JSON API)"));
            }
        } catch (FleetException e) {
            LOG.info(() -> "dashboard: " + path + ": " + e.getMessage());
            json(exchange, e.exitCode() == ExitCode.BAD_INPUT ? 400 : 409, ApiJson.error(e.getMessage()));
        }
    }

    private void edgeAction(HttpExchange exchange, String name, String action, Map<String, String> query)
            throws IOException {
        if (state.edge(name).isEmpty()) {
            json(exchange, 404, ApiJson.error(noSuchEdge(name)));
            return;
        }
        LOG.info(() -> "dashboard: " + action + " " + name + " (from " + exchange.getRemoteAddress() + ")");
        JsonObject answer = new JsonObject();
        answer.addProperty("action", action);
        answer.addProperty("edge", name);
        switch (action) {
            case "restart" -> control.restartEdge(name);
            case "stop" -> control.stopEdge(name);
            case "start" -> control.startEdge(name);
            case "cut-backend" -> {
                long seconds = number(query, "seconds", -1, 1, MAX_CUT_SECONDS);
                if (seconds < 0) {
                    throw new BadRequest("cut-backend needs ?seconds=N (1 to " + MAX_CUT_SECONDS + ")");
                }
                control.cutBackend(name, Duration.ofSeconds(seconds));
                answer.addProperty("seconds", seconds);
            }
            case "credentials" -> { // an action, not a read: only with the token, from where actions may come
                Map<String, String> passwords = control.credentials(name);
                JsonObject users = new JsonObject();
                passwords.forEach(users::addProperty);
                answer.add("users", users);
                answer.addProperty("note", passwords.isEmpty()
                        ? "OpenEMS's default users (admin/admin, installer/installer, owner/owner, guest/user)" : "");
            }
            default -> {
                json(exchange, 404, ApiJson.error("no edge action '" + action
                        + "': restart, stop, start, cut-backend or credentials"));
                return;
            }
        }
        state.edge(name).ifPresent(edge -> answer.add("status", ApiJson.edge(edge, Instant.now())));
        json(exchange, 200, answer);
    }

    private void fleetAction(HttpExchange exchange, String action, Map<String, String> query) throws IOException {
        List<String> names;
        switch (action) {
            case "add-edges" -> {
                int count = (int) number(query, "count", -1, 1, EdgeRange.MAX_EDGES);
                if (count < 0) {
                    throw new BadRequest("add-edges needs ?count=K (1 to " + EdgeRange.MAX_EDGES + ")");
                }
                LOG.info(() -> "dashboard: add " + count + " edges (from " + exchange.getRemoteAddress() + ")");
                names = control.addEdges(count);
            }
            case "remove-edges" -> {
                int count = (int) number(query, "count", -1, 1, EdgeRange.MAX_EDGES);
                if (count < 0) {
                    throw new BadRequest("remove-edges needs ?count=K (1 to the number of edges)");
                }
                LOG.info(() -> "dashboard: remove " + count + " edges (from " + exchange.getRemoteAddress() + ")");
                names = control.removeEdges(count);
            }
            default -> {
                json(exchange, 404, ApiJson.error("no fleet action '" + action + "': add-edges or remove-edges"));
                return;
            }
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("action", action);
        JsonArray edges = new JsonArray();
        names.forEach(edges::add);
        answer.add("edges", edges);
        json(exchange, 200, answer);
    }

    // ---- helpers ----

    /** A request that lacks or garbles a parameter: 400 with this message. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static long number(Map<String, String> query, String key, long absent, long min, long max) {
        String text = query.get(key);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new BadRequest(key + "=" + text + " must be a whole number from " + min + " to " + max);
    }

    private static FrameworkState frameworkState(String text) {
        try {
            return FrameworkState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("state=" + text + " is not one of " + List.of(FrameworkState.values()));
        }
    }

    private static String noSuchEdge(String name) {
        return "no edge named " + name + " in this fleet";
    }

    private static List<String> segments(String path) {
        return List.of(path.replaceAll("^/+|/+$", "").split("/+"));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> result = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            result.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return result;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void json(HttpExchange exchange, int status, JsonElement body) throws IOException {
        send(exchange, status, JSON, ApiJson.GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (type != null) {
            headers.set("Content-Type", type);
        }
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        if (body == null || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (!head && body.length > GZIP_ABOVE && accepts != null && accepts.contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(body);
            }
            body = zipped.toByteArray();
            headers.set("Content-Encoding", "gzip");
            headers.set("Vary", "Accept-Encoding");
        }
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
