package fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;

/**
 * The dashboard end to end, as a user meets it: {@code java -jar fleet.jar} runs 3 edges, the page
 * URL with the token is taken from what fleet prints, headless Debian chromium (Playwright, in
 * {@code src/test/browser}) opens it, sees 3 rows, restarts one edge and stops/starts another from
 * the page, and saves a screenshot to {@code target/dashboard-e2e.png}; {@code /metrics} goes through
 * a Prometheus text-format parser; {@code fleet status} is run against the live fleet and after it
 * stopped.
 *
 * <p>Needs {@code chromium} (Debian; $CHROMIUM overrides /usr/bin/chromium), node and
 * {@code npm ci} in src/test/browser — .ci/run installs all three. It fails when they are missing;
 * a developer without a browser sets FLEET_SKIP_BROWSER=1 to skip it.
 */
@Tag("e2e")
class DashboardE2E {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration SCRIPT = Duration.ofMinutes(3);
    private static final Pattern PAGE_URL = Pattern.compile("dashboard: (http://\\S+/\\?token=\\S+)");

    @TempDir
    Path tmp;

    @Test
    void pageApiMetricsAndStatusOfARunningFleet() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("FLEET_SKIP_BROWSER")), "FLEET_SKIP_BROWSER=1");
        Path harness = Path.of(System.getProperty("basedir", "."), "src", "test", "browser").toAbsolutePath();
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertTrue(Files.isExecutable(chromium), "no browser at " + chromium
                + ": apt-get install chromium (.ci/run does), or set FLEET_SKIP_BROWSER=1 to skip this test");
        assertTrue(Files.isDirectory(harness.resolve("node_modules/playwright-core")), "run npm ci in " + harness
                + " (.ci/run does), or set FLEET_SKIP_BROWSER=1 to skip this test");
        Path screenshot = Path.of(System.getProperty("basedir", "."), "target", "dashboard-e2e.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        Path template = tmp.resolve("template");
        ConfigFiles.singleton(template, "Core.Cycle", "cycleTime=I\"500\"");
        ConfigFiles.factory(template, "Controller.Api.Rest.ReadOnly", "r", "id=\"ctrlApiRest0\"", "port=I\"8084\"");
        ConfigFiles.factory(template, "Controller.Api.Websocket", "w", "id=\"ctrlApiWebsocket0\"", "port=I\"8085\"");
        ConfigFiles.factory(template, "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"", "apikey=\"x\"", "uri=\"\"",
                "reconnectMinSeconds=I\"1\"", "reconnectMaxSeconds=I\"2\"");
        Path work = tmp.resolve("work");
        Path out = tmp.resolve("fleet.out");
        Process fleet = fleetJar(out, tmp.resolve("fleet.err"), "--edges", "3", "--edge-app", TestEdgeApp.jar().toString(),
                "--template", template.toString(), "--port-base", Integer.toString(RunningFleet.randomPortBase()),
                "--dashboard-port", Integer.toString(ConfigFiles.freePort()), "--work-dir", work.toString());
        try {
            String pageUrl = awaitPageUrl(fleet, out);
            URI base = URI.create(pageUrl.substring(0, pageUrl.indexOf('?')));
            awaitOnline(base, 3);

            Result status = fleetJarToEnd(tmp, "status", "--work-dir", work.toString());
            assertEquals(0, status.code(), status.all());
            List<String> lines = status.stdout().lines().toList();
            assertTrue(lines.get(0).contains("3 edges, 3 running, 3 online, 3 healthy, 0 failed"), status.all());
            assertEquals(5, lines.size(), status.all());
            assertTrue(lines.get(2).startsWith("edge0") && lines.get(4).startsWith("edge2"), status.all());
            assertFalse(status.stdout().contains("\u001b["), "no colours when not on a terminal");

            Result metrics = node(harness, "metrics.e2e.mjs", base.toString());
            assertEquals(0, metrics.code(), metrics.all());
            assertTrue(metrics.stdout().contains("metrics e2e: ok"), metrics.all());

            Result page = node(harness, "dashboard.e2e.mjs", pageUrl, screenshot.toString());
            assertEquals(0, page.code(), page.all());
            assertTrue(page.stdout().contains("dashboard e2e: ok"), page.all());
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);
        } finally {
            fleet.destroy(); // SIGTERM, as Ctrl-C
            if (!fleet.waitFor(60, TimeUnit.SECONDS)) {
                fleet.descendants().forEach(ProcessHandle::destroyForcibly);
                fleet.destroyForcibly();
                fail("fleet did not stop within 60 s after SIGTERM:\n" + Files.readString(out));
            }
        }
        assertEquals(0, fleet.exitValue(), Files.readString(out) + Files.readString(tmp.resolve("fleet.err")));

        Result none = fleetJarToEnd(tmp, "status", "--work-dir", work.toString());
        assertEquals(1, none.code(), none.all());
        assertEquals(1, none.stderr().strip().lines().count(), "one line: " + none.all());
        assertTrue(none.stderr().contains("no running fleet in " + work), none.all());
    }

    private static String awaitPageUrl(Process fleet, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline && fleet.isAlive()) {
            Matcher matcher = PAGE_URL.matcher(Files.readString(out));
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(200);
        }
        Path err = out.resolveSibling("fleet.err");
        throw new AssertionError("fleet printed no dashboard URL:\n" + Files.readString(out)
                + (Files.exists(err) ? "\n--- stderr\n" + Files.readString(err) : ""));
    }

    private static void awaitOnline(URI base, int edges) {
        HttpClient http = HttpClient.newHttpClient();
        Wait.until(Duration.ofSeconds(90), () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/fleet")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("edges")
                        .get("online").getAsInt() == edges;
            } catch (IOException | RuntimeException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "not all " + edges + " edges online at " + base);
    }

    record Result(int code, String stdout, String stderr) {
        String all() {
            return "exit " + code + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static Process fleetJar(Path stdout, Path stderr, String... args) throws IOException {
        String jar = System.getProperty("fleet.test.jar");
        Assumptions.assumeTrue(jar != null, "run through Maven (failsafe): fleet.test.jar is not set");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(stdout.getParent().toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("FLEET_PLAIN_OUTPUT", "1");
        return builder.start();
    }

    private static Result fleetJarToEnd(Path dir, String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(dir, "status", ".out");
        Path stderr = Files.createTempFile(dir, "status", ".err");
        Process process = fleetJar(stdout, stderr, args);
        return finish(process, stdout, stderr, Duration.ofSeconds(60));
    }

    private static Result node(Path harness, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("fleet-node", ".out");
        Path stderr = Files.createTempFile("fleet-node", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(harness.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.putIfAbsent("CHROMIUM", "/usr/bin/chromium");
        try {
            return finish(builder.start(), stdout, stderr, SCRIPT);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Result finish(Process process, Path stdout, Path stderr, Duration timeout)
            throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("did not end within " + timeout.toSeconds() + " s:\n" + Files.readString(stdout)
                    + "\n" + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
