package fleet.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogManager;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import fleet.ExitCode;
import fleet.plan.BackendSettings;
import fleet.plan.DashboardSettings;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.plan.FleetPlan;
import fleet.plan.RuntimeSettings;
import fleet.plan.TemplateSettings;
import fleet.run.FleetRun;
import fleet.state.EdgeStatus;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;

/**
 * A real fleet in this JVM for the dashboard's tests: {@link FleetRun} with the test edge app,
 * the embedded PostgreSQL in the work dir, the built-in receiver and the dashboard on a free port
 * of 127.0.0.1. Edges cycle every 500 ms and reconnect to the backend within 1-2 s.
 */
final class RunningFleet implements AutoCloseable {

    final FleetRun run;
    final Path workDir;
    final URI url;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Thread thread;
    private final AtomicReference<ExitCode> exit = new AtomicReference<>();

    RunningFleet(Path dir, int edges) {
        workDir = dir.resolve("work");
        Path template = dir.resolve("template");
        ConfigFiles.singleton(template, "Core.Cycle", "cycleTime=I\"500\"");
        ConfigFiles.factory(template, "Controller.Api.Rest.ReadOnly", "r", "id=\"ctrlApiRest0\"", "port=I\"8084\"");
        ConfigFiles.factory(template, "Controller.Api.Websocket", "w", "id=\"ctrlApiWebsocket0\"", "port=I\"8085\"");
        ConfigFiles.factory(template, "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"", "apikey=\"x\"",
                "uri=\"\"", "reconnectMinSeconds=I\"1\"", "reconnectMaxSeconds=I\"2\"");
        FleetPlan plan = new FleetPlan(new EdgeRange(0, edges), workDir, TestEdgeApp.jar(),
                new TemplateSettings(Optional.of(template), randomPortBase(), 10, 0),
                new RuntimeSettings(2, Optional.empty(), Duration.ofSeconds(20), Optional.empty(), false,
                        RuntimeSettings.LibrarySharing.DEFAULT, false, RuntimeSettings.LOOPBACK, false),
                DatabaseSettings.EMBEDDED, new BackendSettings(Optional.empty(), 0, 50, Optional.empty()),
                new DashboardSettings(ConfigFiles.freePort(), "127.0.0.1"), false);
        run = new FleetRun(plan);
        thread = new Thread(() -> exit.set(run.run()), "test-fleet-run");
        thread.start();
        Wait.until(Duration.ofMinutes(3), () -> run.dashboard().isPresent() || !thread.isAlive(),
                () -> "the fleet did not start its dashboard");
        if (run.dashboard().isEmpty()) {
            throw new AssertionError("the fleet ended with " + exit.get() + " before its dashboard started");
        }
        url = URI.create(run.dashboard().get().url());
        token = run.dashboard().get().token();
    }

    void awaitAllOnline() {
        Wait.until(Duration.ofSeconds(90), () -> run.state().size() > 0
                && run.state().edges().stream().allMatch(EdgeStatus::online), () -> run.state().edges().toString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** POST with the token. */
    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).header("X-Fleet-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A request written by hand, for headers java.net.http will not set (Host); returns the status
     * line and the body.
     */
    static String raw(URI server, String request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        run.requestStop("test done");
        thread.join(Duration.ofMinutes(1).toMillis());
        http.shutdownNow(); // close() waits for every open websocket to end, and a late one may never
        LogManager.getLogManager().reset(); // FleetRun pointed java.util.logging at its work dir
    }

    /** Below Linux's ephemeral range (32768+), where outgoing connections take their ports. */
    static int randomPortBase() {
        return 21_000 + ThreadLocalRandom.current().nextInt(0, 1_100) * 10;
    }
}
