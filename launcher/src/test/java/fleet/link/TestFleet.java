package fleet.link;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.runtime.EdgeLaunch;
import fleet.runtime.EdgeRuntime;
import fleet.state.EdgePorts;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.workdir.WorkDir;

/**
 * Real edges for the link's tests: one Felix framework per edge running the test edge app, whose
 * {@code Controller.Api.Backend} connects to the given backend with its apikey and retries every
 * 1-2 s (OpenEMS: 10-100 s), cycling every 200 ms.
 */
final class TestFleet implements AutoCloseable {

    final WorkDir workDir;
    final FleetState state = new FleetState();
    final EdgeRuntime runtime;
    final Map<String, String> apikeys = new LinkedHashMap<>();

    TestFleet(Path dir, int startConcurrency, double startsPerSecond) {
        workDir = new WorkDir(dir.resolve("work")).create();
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        runtime = new EdgeRuntime(app, state, startConcurrency, startsPerSecond);
    }

    /** Adds edge{@code index}, configured for {@code backend} with {@code apikey}. */
    void add(int index, String apikey, URI backend) {
        String name = "edge" + index;
        WorkDir.EdgeDirs dirs = workDir.edge(name).create();
        int rest = ConfigFiles.freePort();
        writeBackendConfig(name, apikey, backend);
        ConfigFiles.singleton(dirs.configDir(), "Core.Cycle", "cycleTime=I\"200\"");
        ConfigFiles.factory(dirs.configDir(), "Controller.Api.Rest.ReadOnly", "r", "id=\"ctrlApiRest0\"",
                "port=I\"" + rest + "\"");
        ConfigFiles.factory(dirs.configDir(), "Simulator.Datasource.Single.Direct", "d", "id=\"datasource0\"",
                "values=i[\"500\",\"3000\"]");
        runtime.add(new EdgeLaunch(name, index, dirs, Map.of()), apikey.substring(0, 4), new EdgePorts(rest, 0, 0, 0));
        apikeys.put(name, apikey);
    }

    /** (Re)writes the edge's backend controller configuration; takes effect at its next start. */
    void writeBackendConfig(String name, String apikey, URI backend) {
        ConfigFiles.factory(workDir.edge(name).configDir(), "Controller.Api.Backend", "b", "id=\"ctrlBackend0\"",
                "apikey=\"" + apikey + "\"", "uri=\"" + backend + "\"", "reconnectMinSeconds=I\"1\"",
                "reconnectMaxSeconds=I\"2\"");
    }

    /** The last lines of every edge's console log, for failure messages. */
    String consoleTails() {
        StringBuilder text = new StringBuilder();
        for (String name : apikeys.keySet()) {
            Path log = workDir.edge(name).logsDir().resolve("console.log");
            try {
                List<String> lines = Files.readAllLines(log);
                text.append("\n--- ").append(name).append(" console.log\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                text.append("\n--- ").append(name).append(": ").append(e);
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        runtime.stopAll(Duration.ofSeconds(20));
        runtime.close();
    }
}
