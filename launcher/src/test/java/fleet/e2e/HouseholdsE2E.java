package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.testing.TestEdgeApp;

/**
 * A fleet of different households, as a billing or UI test sees it: each edge's household in its
 * files, the JSON API and {@code fleet status --wide}; the energy the edges count in the API, and
 * {@code fleet report energy} after the run.
 */
@Tag("e2e")
class HouseholdsE2E {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachEdgeItsHouseholdInFilesApiStatusAndTheEnergyReport() throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));
        int port = 18_900 + ThreadLocalRandom.current().nextInt(90);
        List<JsonObject> edges;
        List<JsonObject> later;
        try (FleetJar.Running fleet = FleetJar.start(start, "--edges", "3", "--edge-app", TestEdgeApp.jar().toString(),
                "--port-base", Integer.toString(portBase()), "--dashboard-port", Integer.toString(port))) {
            edges = awaitAll(fleet, port, 3, e -> e.get("online").getAsBoolean() && !energy(e, "productionWh")
                    .isJsonNull());
            Thread.sleep(2_500);
            later = awaitAll(fleet, port, 3, e -> true);
            FleetJar.Result status = FleetJar.run(start, Duration.ofSeconds(60), "status", "--wide");
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.stdout().contains("HOUSEHOLD") && status.stdout().contains("PRODUCED"), status.all());
            assertTrue(status.stdout().contains(edges.get(1).getAsJsonObject("household").get("summary")
                    .getAsString()), status.all());
            assertEquals(0, fleet.terminate(Duration.ofSeconds(60)), fleet.output());
        }
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonObject household = edges.get(i).getAsJsonObject("household");
            drawn.add(household.get("summary").getAsString());
            JsonObject file = JsonParser.parseString(Files.readString(start.resolve("fleet-work/edges/edge" + i
                    + "/household.json"))).getAsJsonObject();
            assertEquals(household.get("pvPeakW"), file.get("pvPeakW"), "edge" + i);
            assertEquals(household.get("batteryWh"), file.get("batteryWh"), "edge" + i);
            assertTrue(energy(later.get(i), "productionWh").getAsLong() > energy(edges.get(i), "productionWh")
                    .getAsLong(), "the counter grows between two reads: " + edges.get(i) + " then " + later.get(i));
        }
        assertEquals(3, drawn.size(), "three edges, three households: " + drawn);
        List<String> csv = Files.readAllLines(start.resolve("fleet-work/households.csv"));
        assertEquals("edge,pv_peak_w,consumption_kwh_per_year,battery_wh,offset_minutes", csv.get(0));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("edge0," + edges.get(0).getAsJsonObject("household").get("pvPeakW")), csv
                .toString());

        FleetJar.Result report = FleetJar.run(start, Duration.ofSeconds(60), "report", "energy");
        assertEquals(0, report.exitCode(), report.all());
        List<String> lines = report.stdout().strip().lines().toList();
        assertEquals("edge,from,to,productionWh,consumptionWh,gridBuyWh,gridSellWh,essChargeWh,essDischargeWh",
                lines.get(0));
        assertEquals(4, lines.size(), report.all());
        assertTrue(lines.get(1).startsWith("edge0,"), report.all());

        FleetJar.Result empty = FleetJar.run(start, Duration.ofSeconds(60), "report", "energy", "--from",
                "2001-01-01", "--to", "2001-01-02");
        assertEquals(2, empty.exitCode(), empty.all());
        assertTrue(empty.stderr().contains("no energy samples in"), empty.all());
    }

    @Test
    void badRangesAreOneLineAndExitCodeTwo() throws Exception {
        FleetJar.Result result = FleetJar.run(tmp, Duration.ofSeconds(60), "--edges", "3", "--edge-app",
                TestEdgeApp.jar().toString(), "--vary", "pv-peak-w=9000..3000");

        assertEquals(2, result.exitCode(), result.all());
        assertEquals(1, result.stderr().strip().lines().count(), result.all());
        assertTrue(result.stderr().contains("--vary pv-peak-w=9000..3000: min is above max"), result.all());
        assertFalse(Files.exists(tmp.resolve("fleet-work")), "bad input changes nothing");
    }

    /**
     * Real OpenEMS: three households that differ only in PV peak, their day shifted so that it is
     * noon for them now: after five minutes their production counters are in the order of their peaks.
     */
    @Test
    void realOpenemsEdgesProduceInTheOrderOfTheirPvPeaks() throws Exception {
        String jar = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(jar != null && !jar.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");
        Instant now = Instant.now();
        LocalDateTime sunTime = LocalDateTime.ofInstant(now, ZoneId.systemDefault().getRules().getStandardOffset(now));
        int offset = sunTime.getHour() * 60 + sunTime.getMinute() - 12 * 60; // the households' noon is now
        Path start = Files.createDirectories(tmp.resolve("start"));
        int port = 18_990 + ThreadLocalRandom.current().nextInt(9);
        try (FleetJar.Running fleet = FleetJar.start(start, "--edges", "3", "--edge-app", jar, "--port-base",
                "24700", "--dashboard-port", Integer.toString(port), "--debug-log-edges", "0", "--vary",
                "pv-peak-w=2000..12000,consumption-kwh=3000,battery-wh=10000,no-battery-percent=0,offset-min="
                        + offset)) {
            List<JsonObject> first = awaitAll(fleet, port, 3, e -> e.get("healthy").getAsBoolean()
                    && !energy(e, "productionWh").isJsonNull());
            Thread.sleep(Duration.ofMinutes(5).toMillis());
            List<JsonObject> after = awaitAll(fleet, port, 3, e -> e.get("healthy").getAsBoolean());
            assertEquals(0, fleet.terminate(Duration.ofSeconds(60)), fleet.output());
            List<Integer> byPeak = new ArrayList<>(List.of(0, 1, 2));
            byPeak.sort(Comparator.comparingInt(i -> first.get(i).getAsJsonObject("household").get("pvPeakW")
                    .getAsInt()));
            List<Long> produced = byPeak.stream().map(i -> energy(after.get(i), "productionWh").getAsLong()
                    - energy(first.get(i), "productionWh").getAsLong()).toList();
            assertTrue(produced.get(0) < produced.get(1) && produced.get(1) < produced.get(2), "production in the"
                    + " order of the PV peaks " + byPeak.stream().map(i -> first.get(i).getAsJsonObject("household")
                            .get("pvPeakW").getAsInt()).toList() + ": " + produced + " Wh");
            assertNotEquals(0L, produced.get(0), "noon for every household: even the smallest produced");
        }
    }

    private static JsonElement energy(JsonObject edge, String counter) {
        return edge.getAsJsonObject("health").getAsJsonObject("energy").get(counter);
    }

    private List<JsonObject> awaitAll(FleetJar.Running fleet, int port, int count, Predicate<JsonObject> condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(fleet.process().isAlive(), "fleet ended\n" + fleet.output());
            try {
                last = JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/edges")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                        .body()).getAsJsonObject();
                List<JsonObject> edges = new ArrayList<>();
                last.getAsJsonArray("edges").forEach(e -> edges.add(e.getAsJsonObject()));
                if (edges.size() == count && edges.stream().allMatch(condition)) {
                    return edges;
                }
            } catch (IOException e) {
                // the dashboard is not up yet
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("not reached within 4 minutes: " + last + "\n" + fleet.output());
    }

    /** Below Linux's ephemeral range (32768+), where outgoing connections take their ports. */
    private static int portBase() {
        return 21_000 + ThreadLocalRandom.current().nextInt(0, 1_100) * 10;
    }
}
