package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ConfigFile;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.EdgeCredentials;

/**
 * OpenEMS opens every edge's REST, websocket and Modbus/TCP servers on every interface; fleet keeps
 * them on loopback unless {@code --edge-bind} says otherwise. Proven on the listening sockets that
 * Linux shows for the hosting JVM, with the built-in template (three servers per edge). With real
 * OpenEMS, also no edge's JmDNS unless {@code --mdns}.
 */
@Tag("e2e")
class EdgeBindE2E {

    private static final int EDGES = 3;
    private static final int MDNS_PORT = 5353;

    @TempDir
    Path tmp;

    @Test
    void theTestEdgesListenOnLoopbackOnly() throws Exception {
        ListeningSockets sockets = listenersOfRunningFleet(TestEdgeApp.jar().toString());

        assertEquals(List.of(), sockets.wildcards(), "wildcard listeners: " + sockets);
        assertTrue(sockets.listeners().stream().filter(l -> l.address().isLoopbackAddress()).count() >= 3 * EDGES,
                "three servers per edge on loopback: " + sockets);
    }

    @Test
    void edgeBindWildcardLetsThemListenOnEveryInterface() throws Exception {
        ListeningSockets sockets = listenersOfRunningFleet(TestEdgeApp.jar().toString(), "--edge-bind", "0.0.0.0");

        assertTrue(sockets.wildcards().size() >= 3 * EDGES, "three wildcard servers per edge: " + sockets);
    }

    @Test
    void realOpenemsEdgesListenOnLoopbackOnly() throws Exception {
        String jar = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(jar != null && !jar.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");

        List<Integer> restAnswers = new java.util.ArrayList<>();
        ListeningSockets sockets = listenersOfRunningFleet(jar, work -> {
            // edge0's REST API: OpenEMS's default guest password refused, the edge's own accepted
            int port = restPort(work.resolve("edges/edge0/config.d"));
            String guest = EdgeCredentials.read(work.resolve("edges/edge0/credentials.properties")).get("guest")
                    .password();
            restAnswers.add(restStatus(port, "x:user"));
            restAnswers.add(restStatus(port, "x:" + guest));
        });

        assertEquals(List.of(), sockets.wildcards(), "wildcard listeners: " + sockets);
        // OpenEMS answers a failed authentication with 500 (its RestHandler hands the exception to Jetty)
        assertTrue(restAnswers.get(0) >= 400, "REST with x:user refused: " + restAnswers);
        assertEquals(200, restAnswers.get(1), "REST with the edge's guest password: " + restAnswers);
        assertTrue(sockets.listeners().stream().filter(l -> l.address().isLoopbackAddress()).count() >= 3 * EDGES,
                "REST, websocket and Modbus/TCP of every edge on loopback: " + sockets);
        assertEquals(List.of(), sockets.udp().stream().filter(s -> s.port() == MDNS_PORT).toList(),
                "no edge runs JmDNS (fleet's stand-in for OpenEMS's mDNS discovery): " + sockets);
    }

    @Test
    void realOpenemsEdgesKeepTheirMdnsWithTheFlag() throws Exception {
        String jar = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(jar != null && !jar.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");

        ListeningSockets sockets = listenersOfRunningFleet(jar, "--mdns");

        assertTrue(sockets.udp().stream().filter(s -> s.port() == MDNS_PORT).count() >= EDGES,
                "OpenEMS's JmDNS in every edge: " + sockets);
    }

    @Test
    void anAddressThatIsNotThisMachinesIsOneLineAndExitCodeTwo() throws Exception {
        FleetJar.Result result = FleetJar.run(tmp, Duration.ofSeconds(60), "--edges", "1", "--edge-bind",
                "192.0.2.1");

        assertEquals(2, result.exitCode(), result.all());
        assertEquals(1, result.stderr().strip().lines().count(), result.all());
        assertTrue(result.stderr().contains("--edge-bind 192.0.2.1: must be an IP address of this machine"),
                result.all());
    }

    private ListeningSockets listenersOfRunningFleet(String edgeApp, String... more) throws Exception {
        return listenersOfRunningFleet(edgeApp, work -> {
        }, more);
    }

    /** What is done while the edges run, given the work dir. */
    private interface WhileRunning {
        void accept(Path workDir) throws Exception;
    }

    /** The hosting JVM's listening sockets once every edge is online; then SIGTERM. */
    private ListeningSockets listenersOfRunningFleet(String edgeApp, WhileRunning whileRunning, String... more)
            throws Exception {
        Path start = Files.createDirectories(tmp.resolve("start"));
        List<String> args = new java.util.ArrayList<>(List.of("--edges", Integer.toString(EDGES), "--edge-app",
                edgeApp, "--port-base", Integer.toString(21_000 + ThreadLocalRandom.current().nextInt(0, 1_100) * 10),
                "--dashboard-port", "0", "--wait-online", "150s"));
        args.addAll(List.of(more));
        try (FleetJar.Running fleet = FleetJar.start(start, args.toArray(String[]::new))) {
            Wait.until(Duration.ofSeconds(180), () -> outputOf(fleet).contains(EDGES + " of " + EDGES + " edges online")
                    || !fleet.process().isAlive(), () -> "edges online: " + outputOf(fleet));
            assertTrue(fleet.process().isAlive(), fleet.output());
            long host = fleet.process().descendants().filter(p -> commandLine(p.pid()).contains("--hosted"))
                    .findFirst().orElseThrow(() -> new AssertionError("no hosting JVM: " + outputOf(fleet))).pid();
            ListeningSockets sockets = ListeningSockets.of(host);
            whileRunning.accept(start.resolve("fleet-work"));
            assertEquals(0, fleet.terminate(Duration.ofSeconds(60)), fleet.output());
            assertFalse(sockets.listeners().isEmpty(), "the hosting JVM listens: " + fleet.output());
            return sockets;
        }
    }

    private static int restPort(Path configDir) throws java.io.IOException {
        try (var files = Files.walk(configDir.resolve("Controller/Api/Rest/ReadOnly"))) {
            Path config = files.filter(f -> f.toString().endsWith(".config")).findFirst().orElseThrow();
            return ((Number) ConfigFile.read(config).get("port").orElseThrow().toJava()).intValue();
        }
    }

    /** The status of a GET of edge0's _sum State over OpenEMS's REST API with basic auth. */
    private static int restStatus(int port, String userAndPassword) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rest/channel/_sum/State"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        userAndPassword.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String outputOf(FleetJar.Running fleet) {
        try {
            return fleet.output();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
