package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.config.ConfigFile;
import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.Template;

/**
 * Real OpenEMS Edges are healthy from their first start as OpenEMS itself says: five edges, a fresh
 * start and two re-runs of the same work dir — every edge State Ok soon after it is online, its
 * EdgeConfig holds every component ({@code _cycle}, {@code _sum}, {@code _meta}, {@code _power},
 * {@code _componentManager} and the template's), and no "was missing" line after the first minute.
 * And {@code --wait-online} names OpenEMS's own reason when a controller's reference is broken.
 * Runs only when FLEET_OPENEMS_EDGE_JAR names an openems-edge.jar.
 */
@Tag("e2e")
class RealOpenemsHealthE2E {

    private static final int EDGES = 5;
    /** What a household without battery leaves out of the built-in template. */
    private static final Set<String> WITH_BATTERY = Set.of("ess0", "ctrlBalancing0", "ctrlChpSoc0",
            "ctrlLimitTotalDischarge0");
    private static final java.util.function.Predicate<JsonObject> ONLINE_AND_HEALTHY =
            e -> e.get("online").getAsBoolean() && e.get("healthy").getAsBoolean();
    private static final Set<String> CORE = Set.of("_cycle", "_sum", "_meta", "_power", "_componentManager");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEdgeIsHealthyOnAFreshStartAndOnReRuns() throws Exception {
        String jar = edgeJar();
        Path start = Files.createDirectories(tmp.resolve("start"));
        Set<String> templateIds = new java.util.TreeSet<>();
        Template.builtIn().configurations().forEach(c -> c.componentId().ifPresent(templateIds::add));
        for (int run = 0; run < 3; run++) {
            int port = 18_600 + ThreadLocalRandom.current().nextInt(300);
            LocalDateTime begun = LocalDateTime.now();
            try (FleetJar.Running fleet = FleetJar.start(start, "--edges", Integer.toString(EDGES), "--edge-app", jar,
                    "--port-base", "24500", "--dashboard-port", Integer.toString(port), "--debug-log-edges", "0")) {
                String what = "run " + run + (run == 0 ? " (fresh work dir)" : " (same work dir)");
                JsonObject edges = awaitAll(fleet, port, EDGES, Duration.ofMinutes(4), e -> e.get("online").getAsBoolean(),
                        what + ": all online");
                long onlineAt = System.nanoTime();
                edges = awaitAll(fleet, port, EDGES, Duration.ofSeconds(60), e -> e.get("healthy").getAsBoolean(),
                        what + ": all healthy within 60 s of online");
                for (JsonElement element : edges.getAsJsonArray("edges")) {
                    JsonObject health = element.getAsJsonObject().getAsJsonObject("health");
                    assertEquals("OK", health.get("state").getAsString(), what + ": " + element);
                    assertEquals("COMPLETE", health.get("edgeConfig").getAsString(), what + ": " + element);
                }
                // Past the first minute, OpenEMS's EdgeConfig worker must have nothing to complain about.
                Thread.sleep(Math.max(0, Duration.ofSeconds(75).toMillis()
                        - Duration.ofNanos(System.nanoTime() - onlineAt).toMillis()));
                LocalDateTime firstMinute = begun.plusMinutes(1);
                edges = api(port, "/api/edges");
                assertEquals(0, fleet.terminate(Duration.ofSeconds(60)), fleet.output());
                for (JsonElement element : edges.getAsJsonArray("edges")) {
                    JsonObject edge = element.getAsJsonObject();
                    assertTrue(edge.get("healthy").getAsBoolean(), what + ": still healthy: " + edge);
                    String name = edge.get("name").getAsString();
                    Path log = start.resolve("fleet-work/edges/" + name + "/logs/openems.log");
                    List<String> missing = linesAfter(log, firstMinute, "was missing!");
                    assertEquals(List.of(), missing, what + ": " + name + "'s EdgeConfig stayed complete");
                }
                for (JsonElement element : edges.getAsJsonArray("edges")) {
                    Set<String> sent = new java.util.TreeSet<>();
                    element.getAsJsonObject().getAsJsonObject("backend").getAsJsonArray("edgeConfigComponents")
                            .forEach(id -> sent.add(id.getAsString()));
                    // A household without battery has no ess0, nor the controllers that use it.
                    Set<String> rendered = new java.util.TreeSet<>(templateIds);
                    if (element.getAsJsonObject().getAsJsonObject("household").get("batteryWh").getAsInt() == 0) {
                        rendered.removeAll(WITH_BATTERY);
                    }
                    assertTrue(sent.containsAll(CORE) && sent.containsAll(rendered), what + ": the last EdgeConfig "
                            + element.getAsJsonObject().get("name") + " sent lacks " + missing(sent, rendered));
                }
            }
        }
    }

    @Test
    void waitOnlineNamesOpenemsReasonForABrokenReference() throws Exception {
        String jar = edgeJar();
        Path template = Files.createDirectories(tmp.resolve("template"));
        for (Configuration c : Template.builtIn().configurations()) {
            // The balancing controller's ess reference points at an ess no edge has: SCR cannot satisfy it.
            Configuration written = c.factoryPid().filter("Controller.Symmetric.Balancing"::equals).isPresent()
                    ? c.with("ess.id", ConfigValue.of("essNone")).with("ess.target", ConfigValue.of(c.string(
                            "ess.target").orElseThrow().replace("(id=ess0)", "(id=essNone)")))
                    : c;
            Path file = template.resolve(ConfigFile.relativePath(c.pid().orElseThrow()));
            Files.createDirectories(file.getParent());
            ConfigFile.write(file, written);
        }
        Path start = Files.createDirectories(tmp.resolve("start"));
        FleetJar.Result result = FleetJar.run(start, Duration.ofMinutes(6), "--edges", "1", "--edge-app", jar,
                "--template", template.toString(), "--port-base", "24600", "--dashboard-port", "0",
                "--wait-online", "150s", "--duration", "60s");

        assertEquals(3, result.exitCode(), result.all());
        assertTrue(result.stderr().contains("edge0: online, not healthy"), result.all());
        assertTrue(result.stderr().contains("ctrlBalancing0: Unsatisfied reference for ess ("), result.all());
        assertTrue(result.stderr().contains("_sum State"), "and OpenEMS's own summary says so: " + result.all());
    }

    /**
     * A restart through fleet is a new framework with a new j2mod: OpenEMS's Modbus/TCP server of the
     * old one, which OpenEMS does not close, held the port, and the restarted edge said
     * {@code ctrlApiModbusTcp0/UnableToStart FAULT}. Restarted twice, the edge is healthy each time.
     */
    @Test
    void anEdgeRestartedByFleetIsHealthyAgain() throws Exception {
        String jar = edgeJar();
        Path start = Files.createDirectories(tmp.resolve("restart"));
        int port = 18_900 + ThreadLocalRandom.current().nextInt(90);
        try (FleetJar.Running fleet = FleetJar.start(start, "--edges", "1", "--edge-app", jar, "--port-base", "24700",
                "--dashboard-port", Integer.toString(port), "--debug-log-edges", "0")) {
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("X-Fleet-Token: ([^)\\s]+)")
                    .matcher(fleet.awaitOutput("X-Fleet-Token: ", Duration.ofMinutes(2)));
            assertTrue(token.find(), fleet.output());
            awaitAll(fleet, port, 1, Duration.ofMinutes(4), ONLINE_AND_HEALTHY, "healthy after the start");
            for (int restart = 1; restart <= 2; restart++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/edges/edge0/restart"))
                        .header("X-Fleet-Token", token.group(1)).POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                awaitAll(fleet, port, 1, Duration.ofSeconds(90), ONLINE_AND_HEALTHY, "healthy after restart " + restart);
                // and still, once OpenEMS's Modbus/TCP worker has tried its port (at once, then every 5 s)
                Thread.sleep(15_000);
                JsonObject edge = api(port, "/api/edges/edge0");
                assertTrue(edge.get("healthy").getAsBoolean(), "restart " + restart + ": " + edge);
                assertEquals("OK", edge.getAsJsonObject("health").get("state").getAsString(), edge.toString());
            }
            assertEquals(0, fleet.terminate(Duration.ofSeconds(60)), fleet.output());
        }
    }

    private static String edgeJar() {
        String jar = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(jar != null && !jar.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");
        return jar;
    }

    private JsonObject awaitAll(FleetJar.Running fleet, int port, int count, Duration timeout,
            java.util.function.Predicate<JsonObject> condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(fleet.process().isAlive(), what + ": fleet ended\n" + fleet.output());
            try {
                last = api(port, "/api/edges");
                List<JsonObject> edges = new ArrayList<>();
                last.getAsJsonArray("edges").forEach(e -> edges.add(e.getAsJsonObject()));
                if (edges.size() == count && edges.stream().allMatch(condition)) {
                    return last;
                }
            } catch (IOException e) {
                // the dashboard is not up yet
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(what + ": not reached within " + timeout.toSeconds() + " s: " + last);
    }

    private JsonObject api(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /**
     * Lines of an OpenEMS log (local timestamps like 2026-12-07T02:31:25,505, as LocalDateTime.now() reads
     * the clock) at or after {@code from} that contain {@code text}.
     */
    private static List<String> linesAfter(Path log, LocalDateTime from, String text) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.length() > 19 && line.contains(text)) {
                LocalDateTime at = LocalDateTime.parse(line.substring(0, 19));
                if (!at.isBefore(from)) {
                    found.add(line);
                }
            }
        }
        return found;
    }

    private static Set<String> missing(Set<String> sent, Set<String> templateIds) {
        Set<String> expected = new java.util.TreeSet<>(CORE);
        expected.addAll(templateIds);
        expected.removeAll(sent);
        return expected;
    }
}
