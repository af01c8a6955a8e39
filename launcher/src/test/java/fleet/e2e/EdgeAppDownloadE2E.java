package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fleet.testing.TestEdgeApp;

/**
 * {@code java -jar fleet.jar --openems-version ...} without an edge application at hand: the
 * launching fleet downloads it from a release server (here one on 127.0.0.1 serving fleet's test edge
 * application as release 2026.4.0) into the user's cache, and the JVM that hosts the edges takes it
 * from there without asking the server again.
 */
@Tag("e2e")
class EdgeAppDownloadE2E {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void downloadsOnceThenRunsAndA404IsOneLineAndExitCodeTwo() throws Exception {
        byte[] release = Files.readAllBytes(TestEdgeApp.jar());
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/2026.4.0/openems-edge.jar")) {
                    exchange.sendResponseHeaders(200, release.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(release);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
        try {
            Path start = Files.createDirectories(tmp.resolve("start"));
            Path cache = tmp.resolve("cache");
            Map<String, String> environment = new HashMap<>();
            environment.put("XDG_CACHE_HOME", cache.toString());
            environment.put("FLEET_OPENEMS_EDGE_JAR", null); // a developer's real OpenEMS must not stand in
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/{version}/openems-edge.jar";

            FleetJar.Result run = FleetJar.run(start, TIMEOUT, environment, "--edges", "1", "--openems-version",
                    "2026.4.0", "--openems-download-url", url, "--port-base", Integer.toString(randomPortBase()),
                    "--dashboard-port", "0", "--duration", "5s");

            assertEquals(0, run.exitCode(), run.all());
            Path jar = cache.resolve("fleet/openems/2026.4.0/openems-edge.jar");
            assertTrue(run.stdout().contains("downloading the edge application of OpenEMS 2026.4.0 from "
                    + url.replace("{version}", "2026.4.0") + " into " + jar), run.all());
            assertTrue(run.stdout().contains("1 of 1 edges started"), run.all());
            assertTrue(Files.isRegularFile(jar) && Files.isRegularFile(jar.resolveSibling("openems-edge.jar.sha256")),
                    run.all());
            assertEquals(1, requests.get(), "downloaded once: the hosting JVM took it from the cache");

            FleetJar.Result missing = FleetJar.run(start, TIMEOUT, environment, "--edges", "1", "--openems-version",
                    "2026.3.0", "--openems-download-url", url, "--dashboard-port", "0", "--duration", "5s");

            assertEquals(2, missing.exitCode(), missing.all());
            assertEquals(1, missing.stderr().strip().lines().count(), "one line: " + missing.all());
            String line = missing.stderr().strip();
            Path missingJar = cache.resolve("fleet/openems/2026.3.0/openems-edge.jar");
            assertTrue(line.contains(url.replace("{version}", "2026.3.0")) && line.contains("HTTP 404")
                    && line.contains(missingJar.toString()) && line.contains("--edge-app"), line);
            assertFalse(Files.exists(missingJar.getParent()), "nothing in the cache for 2026.3.0");
            assertEquals(2, requests.get());
        } finally {
            server.stop(0);
        }
    }

    /** Below Linux's ephemeral range (32768+), where outgoing connections take their ports. */
    private static int randomPortBase() {
        return 21_000 + ThreadLocalRandom.current().nextInt(0, 1_100) * 10;
    }
}
