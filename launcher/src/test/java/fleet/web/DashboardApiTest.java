package fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.cli.Main;
import fleet.config.ConfigFile;
import fleet.config.CoreUsers;
import fleet.state.EdgeStatus;
import fleet.state.FrameworkState;
import fleet.testing.Wait;
import fleet.workdir.EdgeCredentials;
import fleet.workdir.WorkDir;

/**
 * The JSON API and the actions against a real fleet: FleetRun with three frameworks running the
 * test edge app, the embedded PostgreSQL, the built-in receiver. Reads first; the actions, which
 * change the fleet, last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private RunningFleet fleet;

    @BeforeAll
    void startFleet(@TempDir Path dir) {
        fleet = new RunningFleet(dir, 3);
        fleet.awaitAllOnline();
    }

    @AfterAll
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void fleetSummaryCountsEdgesAndTheJvm() throws Exception {
        Wait.until(PATIENCE, () -> json("/api/fleet").getAsJsonObject("edges").get("online").getAsInt() == 3,
                () -> json("/api/fleet").toString()); // the sampler reads the state once a second
        JsonObject fleetJson = json("/api/fleet");
        JsonObject edges = fleetJson.getAsJsonObject("edges");
        assertEquals(3, edges.get("total").getAsInt());
        assertEquals(3, edges.get("running").getAsInt());
        assertEquals(0, edges.get("failed").getAsInt());
        assertEquals(3, edges.getAsJsonObject("byState").get("ACTIVE").getAsInt());
        assertTrue(fleetJson.get("backend").getAsString().startsWith("built-in receiver (not an OpenEMS Backend)"));
        assertEquals(fleet.url.toString(), fleetJson.get("dashboard").getAsString());
        assertEquals(fleet.url.toString(), fleet.run.state().info().dashboardUrl(), "FleetInfo has the URL");
        JsonObject jvm = fleetJson.getAsJsonObject("jvm");
        assertTrue(jvm.get("heapUsed").getAsLong() > 0 && jvm.get("heapMax").getAsLong() >= jvm.get("heapUsed").getAsLong());
        assertTrue(jvm.get("metaspaceUsed").getAsLong() > 1 << 20, jvm.toString());
        assertTrue(jvm.get("rss").getAsLong() > jvm.get("heapUsed").getAsLong() / 4, jvm.toString());
        assertTrue(jvm.get("threads").getAsInt() > 10, jvm.toString());
        // edges send timestampedData every 500 ms: about 6 messages per second for 3 edges
        Wait.until(PATIENCE, () -> json("/api/fleet").get("messagesPerSecond").getAsDouble() >= 2,
                () -> json("/api/fleet").toString());

        JsonObject history = json("/api/history");
        assertTrue(history.getAsJsonArray("at").size() >= 1);
        assertEquals(history.getAsJsonArray("at").size(), history.getAsJsonArray("online").size());
    }

    @Test
    @Order(2)
    void everyEdgeWithWhatItsFrameworkAndTheBackendSay() throws Exception {
        JsonObject list = json("/api/edges");
        JsonArray edges = list.getAsJsonArray("edges");
        List<String> names = new ArrayList<>();
        for (JsonElement element : edges) {
            JsonObject edge = element.getAsJsonObject();
            names.add(edge.get("name").getAsString());
            assertEquals("ACTIVE", edge.get("state").getAsString());
            assertTrue(edge.get("online").getAsBoolean(), edge.toString());
            assertEquals("CONNECTED", edge.get("edgeConnection").getAsString());
            int total = edge.getAsJsonObject("bundles").get("total").getAsInt();
            assertTrue(total >= 8, edge.toString());
            assertEquals(total, edge.getAsJsonObject("bundles").get("active").getAsInt());
            assertTrue(edge.getAsJsonObject("components").get("active").getAsInt() >= 3, edge.toString());
            JsonObject backend = edge.getAsJsonObject("backend");
            assertEquals("ONLINE", backend.get("state").getAsString());
            assertTrue(backend.get("messages").getAsLong() > 0);
            assertFalse(backend.get("lastMessage").isJsonNull());
            assertTrue(edge.getAsJsonObject("ports").get("rest").getAsInt() > 0);
            assertTrue(edge.getAsJsonObject("ports").get("websocket").getAsInt() > 0);
            assertEquals(4, edge.get("apikeyPrefix").getAsString().length(), "only a prefix of the apikey");
        }
        assertEquals(List.of("edge0", "edge1", "edge2"), names);

        JsonObject one = json("/api/edges/edge1");
        assertEquals("edge1", one.get("name").getAsString());
        assertEquals(0, json("/api/edges?state=failed").getAsJsonArray("edges").size());
        assertEquals(3, json("/api/edges?state=ACTIVE").getAsJsonArray("edges").size());

        HttpResponse<String> missing = fleet.get("/api/edges/edge9");
        assertEquals(404, missing.statusCode());
        assertTrue(error(missing).contains("no edge named edge9"), missing.body());
        assertEquals(400, fleet.get("/api/edges?state=dancing").statusCode());
    }

    @Test
    @Order(3)
    void logTailAndPageAndMetrics() throws Exception {
        HttpResponse<String> log = fleet.get("/api/edges/edge0/log?lines=3");
        assertEquals(200, log.statusCode());
        assertTrue(log.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        long lines = log.body().lines().count();
        assertTrue(lines >= 1 && lines <= 3, log.body());
        assertEquals(400, fleet.get("/api/edges/edge0/log?lines=0").statusCode());
        assertEquals(404, fleet.get("/api/edges/edge9/log").statusCode());

        HttpResponse<String> page = fleet.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("dashboard.js"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(200, fleet.get("/dashboard.js").statusCode());
        assertEquals(200, fleet.get("/dashboard.css").statusCode());
        assertEquals(404, fleet.get("/nothing-here").statusCode());

        HttpResponse<String> metrics = fleet.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals(PrometheusText.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(""));
        // parsed by a Prometheus text-format library in DashboardE2E (npm parse-prometheus-text-format)
    }

    @Test
    @Order(4)
    void actionsAreRefusedWithoutTheTokenFromAForeignHostOrOriginAndFromElsewhere() throws Exception {
        HttpResponse<String> noToken = fleet.http.send(HttpRequest.newBuilder(fleet.url.resolve("/api/edges/edge0/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode());
        assertTrue(error(noToken).contains("X-Fleet-Token"), noToken.body());

        HttpResponse<String> wrongToken = fleet.http.send(HttpRequest.newBuilder(fleet.url.resolve("/api/edges/edge0/stop"))
                .header("X-Fleet-Token", fleet.token + "x").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongToken.statusCode());

        HttpResponse<String> foreignOrigin = fleet.http.send(HttpRequest.newBuilder(fleet.url.resolve("/api/edges/edge0/stop"))
                .header("X-Fleet-Token", fleet.token).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreignOrigin.statusCode());
        assertTrue(error(foreignOrigin).contains("Origin"), foreignOrigin.body());

        // DNS rebinding: a foreign name that points at 127.0.0.1 arrives with that name in Host
        String rebound = RunningFleet.raw(fleet.url, "POST /api/edges/edge0/stop HTTP/1.1\r\nHost: evil.example:"
                + fleet.url.getPort() + "\r\nX-Fleet-Token: " + fleet.token
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("not a loopback name"), rebound);
        String reboundRead = RunningFleet.raw(fleet.url, "GET /api/edges HTTP/1.1\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(reboundRead.startsWith("HTTP/1.1 403"), "no reads through a rebound name either: " + reboundRead);

        // none of that touched edge0
        assertEquals(FrameworkState.ACTIVE, fleet.run.state().edge("edge0").orElseThrow().framework());

        // From a non-loopback address: a second dashboard of the same fleet on this machine's own
        // non-loopback address (the request never leaves the machine), reached through that address.
        InetAddress own = ownNonLoopbackAddress().orElse(null);
        Assumptions.assumeTrue(own != null, "this machine has no non-loopback address to test from");
        try (DashboardServer exposed = DashboardServer.start(new InetSocketAddress(own, 0), fleet.run.state(), fleet.run)) {
            URI base = URI.create("http://" + own.getHostAddress() + ":" + exposed.port() + "/");
            HttpResponse<String> read = fleet.http.send(HttpRequest.newBuilder(base.resolve("/api/fleet")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), "reads are open where the dashboard is exposed deliberately");
            HttpResponse<String> remote = fleet.http.send(HttpRequest.newBuilder(base.resolve("/api/edges/edge0/stop"))
                    .header("X-Fleet-Token", exposed.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, remote.statusCode(), remote.body());
            assertTrue(error(remote).contains("only from this machine (loopback)"), remote.body());
        }
        assertEquals(FrameworkState.ACTIVE, fleet.run.state().edge("edge0").orElseThrow().framework());
    }

    @Test
    @Order(5)
    void credentialsOnlyWithTheTokenAndOnlyWhereTheEdgeHoldsThem() throws Exception {
        HttpResponse<String> noToken = fleet.http.send(HttpRequest.newBuilder(
                fleet.url.resolve("/api/edges/edge0/credentials")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode(), noToken.body());

        // the test edge app has no OpenEMS user service: OpenEMS's defaults, no passwords
        HttpResponse<String> defaults = fleet.post("/api/edges/edge0/credentials");
        assertEquals(200, defaults.statusCode(), defaults.body());
        JsonObject none = JsonParser.parseString(defaults.body()).getAsJsonObject();
        assertEquals(0, none.getAsJsonObject("users").size());
        assertTrue(none.get("note").getAsString().contains("admin/admin"), defaults.body());

        // an edge whose Core.User holds fleet's passwords (as the real OpenEMS's does after rendering)
        WorkDir.EdgeDirs edge1 = new WorkDir(fleet.workDir).edge("edge1");
        Map<String, CoreUsers.Secret> secrets = EdgeCredentials.loadOrCreate(edge1);
        ConfigFile.write(edge1.configDir().resolve("Core/User.config"), CoreUsers.configuration(secrets));
        HttpResponse<String> own = fleet.post("/api/edges/edge1/credentials");
        JsonObject users = JsonParser.parseString(own.body()).getAsJsonObject().getAsJsonObject("users");
        assertEquals(secrets.get("admin").password(), users.get("admin").getAsString(), own.body());
        assertEquals(4, users.size());
    }

    @Test
    @Order(6)
    void statusOfTheLiveFleet() throws Exception {
        fleet.awaitAllOnline();
        assertEquals(0, Main.run("status", "--work-dir", fleet.workDir.toString()), "all online");
        assertEquals(0, Main.run("status", "--url", fleet.url.toString()));

        List<String> lines = new StatusTable(new DashboardClient(fleet.url, Duration.ofSeconds(5)).read(), false).lines();
        assertTrue(lines.get(0).contains("3 edges, 3 running, 3 online, 3 healthy, 0 failed"), lines.get(0));
        assertTrue(lines.get(1).startsWith("EDGE"), lines.get(1));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).startsWith("edge0  ACTIVE"), lines.get(2));
        assertTrue(lines.get(2).contains("online"), lines.get(2));
        assertTrue(lines.get(2).contains(" ok "), "the test edge's _sum State: " + lines.get(2));
        assertFalse(String.join("\n", lines).contains("\u001b["), "no colours when not on a terminal");
    }

    @Test
    @Order(7)
    void actionsChangeTheFleet() throws Exception {
        // restart: the framework starts again, its state is newer
        Instant before = fleet.run.state().edge("edge1").orElseThrow().stateSince();
        HttpResponse<String> restart = fleet.post("/api/edges/edge1/restart");
        assertEquals(200, restart.statusCode(), restart.body());
        EdgeStatus restarted = fleet.run.state().edge("edge1").orElseThrow();
        assertEquals(FrameworkState.ACTIVE, restarted.framework());
        assertTrue(restarted.stateSince().isAfter(before), restarted.toString());

        // stop, then fleet status says unhealthy and the fleet is not ready, then start
        assertEquals(200, fleet.get("/readyz").statusCode(), "every edge started: ready");
        assertEquals(200, fleet.post("/api/edges/edge2/stop").statusCode());
        assertEquals("STOPPED", json("/api/edges/edge2").get("state").getAsString());
        HttpResponse<String> notReady = fleet.get("/readyz");
        assertEquals(503, notReady.statusCode(), notReady.body());
        assertTrue(notReady.body().contains("\"started\":2"), notReady.body());
        assertEquals(200, fleet.get("/healthz").statusCode(), "alive all the same");
        assertEquals(4, Main.run("status", "--url", fleet.url.toString()), "a stopped edge is offline: exit 4");
        assertEquals(200, fleet.post("/api/edges/edge2/start").statusCode());
        assertEquals("ACTIVE", json("/api/edges/edge2").get("state").getAsString());

        // cut the backend for 3 s: offline with the reason, then online again by itself
        HttpResponse<String> cut = fleet.post("/api/edges/edge0/cut-backend?seconds=3");
        assertEquals(200, cut.statusCode(), cut.body());
        long cutAt = System.nanoTime();
        Wait.until(PATIENCE, () -> {
            JsonObject backend = json("/api/edges/edge0").getAsJsonObject("backend");
            return backend.get("state").getAsString().equals("OFFLINE")
                    && backend.get("reason").getAsString().contains("cut by fleet")
                    && !backend.get("cutUntil").isJsonNull();
        }, () -> json("/api/edges/edge0").toString());
        Wait.until(PATIENCE, () -> json("/api/edges/edge0").get("online").getAsBoolean(),
                () -> json("/api/edges/edge0").toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - cutAt).toMillis() >= 2_500, "offline for the cut");
        assertTrue(json("/api/edges/edge0").getAsJsonObject("backend").get("cutUntil").isJsonNull(), "cut is over");

        // bad requests are named
        assertEquals(400, fleet.post("/api/edges/edge0/cut-backend").statusCode());
        assertEquals(400, fleet.post("/api/edges/edge0/cut-backend?seconds=soon").statusCode());
        assertEquals(404, fleet.post("/api/edges/edge0/explode").statusCode());
        assertEquals(404, fleet.post("/api/edges/edge9/restart").statusCode());
        assertEquals(400, fleet.post("/api/fleet/add-edges").statusCode());
        HttpResponse<String> tooMany = fleet.post("/api/fleet/remove-edges?count=9");
        assertEquals(400, tooMany.statusCode());
        assertTrue(error(tooMany).contains("the fleet has 3"), tooMany.body());

        // add one edge: registered, configured and started like the others; then remove it again
        HttpResponse<String> added = fleet.post("/api/fleet/add-edges?count=1");
        assertEquals(200, added.statusCode(), added.body());
        assertEquals("edge3", JsonParser.parseString(added.body()).getAsJsonObject().getAsJsonArray("edges").get(0)
                .getAsString());
        Wait.until(Duration.ofSeconds(90), () -> fleet.run.state().edge("edge3").map(EdgeStatus::online).orElse(false),
                () -> fleet.run.state().edges().toString());
        assertEquals(4, json("/api/edges").getAsJsonArray("edges").size());
        HttpResponse<String> removed = fleet.post("/api/fleet/remove-edges?count=1");
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(3, json("/api/edges").getAsJsonArray("edges").size());
        assertEquals(404, fleet.get("/api/edges/edge3").statusCode());
    }

    private JsonObject json(String path) {
        try {
            return fleet.getJson(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String error(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString();
    }

    private static Optional<InetAddress> ownNonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
