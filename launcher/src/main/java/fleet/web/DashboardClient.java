package fleet.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import fleet.FleetException;

/**
 * Reads a running fleet through its JSON API, for {@code fleet status}. Every way it can fail ends
 * in one {@link FleetException} line that names the URL.
 */
public final class DashboardClient {

    /** What {@code GET /api/fleet} and {@code GET /api/edges} answered. */
    public record Snapshot(URI base, JsonObject fleet, JsonObject edges) {
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public DashboardClient(URI base, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public Snapshot read() {
        JsonObject fleet = get("api/fleet");
        JsonObject edges = get("api/edges");
        if (!fleet.has("edges") || !edges.has("edges") || !edges.get("edges").isJsonArray()) {
            throw notAFleet("its JSON lacks the fleet's fields");
        }
        return new Snapshot(base, fleet, edges);
    }

    private JsonObject get(String path) {
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw FleetException.failure("no fleet answers at " + base + " (connection refused) — is it running,"
                    + " and with a dashboard? (fleet run --dashboard-port)", e);
        } catch (HttpTimeoutException e) {
            throw FleetException.failure("no answer from " + base + " within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw FleetException.failure("cannot reach " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FleetException.failure("interrupted while asking " + base, e);
        }
        if (response.statusCode() != 200) {
            throw notAFleet("GET /" + path + " answered HTTP " + response.statusCode());
        }
        try {
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw notAFleet("GET /" + path + " did not answer JSON");
        }
    }

    private FleetException notAFleet(String why) {
        return FleetException.failure(base + " is not a fleet dashboard: " + why);
    }
}
