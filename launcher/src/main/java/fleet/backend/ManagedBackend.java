package fleet.backend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import fleet.FleetException;
import fleet.config.Configuration;
import fleet.console.Console;
import fleet.host.bind.AgentJar;
import fleet.plan.BackendSettings.BackendJars;
import fleet.registry.DatabaseLogin;
import fleet.state.FleetState;
import fleet.workdir.WorkDir;

/**
 * A real OpenEMS Backend for the fleet ({@code --with-backend}), run as child processes and
 * configured fresh at every start: Metadata.Odoo on fleet's database (the devices the registry has
 * just written: the Backend reads them only when it starts), a timedata that needs no server
 * (Timedata.Dummy), and the edges' websocket — up to 2026.1 the Backend's {@code Edge.Websocket},
 * from 2026.2 on its {@code Edge.Manager} with the edge-facing {@code Backend.Edge.App} in a second
 * JVM. Everything listens on 127.0.0.1 only. Closing it stops the edge app, then the Backend:
 * SIGTERM, and a kill after the grace.
 */
public final class ManagedBackend implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Logger LOG = Logger.getLogger(ManagedBackend.class.getName());
    /** Measured: the Backend holds 156–180 MiB, the edge app 149–183 MiB resident with these heaps. */
    private static final List<String> BACKEND_JVM = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "--sun-misc-unsafe-memory-access=allow");
    private static final List<String> EDGE_APP_JVM = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "--sun-misc-unsafe-memory-access=allow");

    /** 2026.2+: Edge.Manager and Backend.Edge.App; else the Backend's Edge.Websocket. */
    private final boolean split;
    private final List<BackendProcess> processes; // in start order
    private final FleetState state;
    private final URI edgeUri;

    private ManagedBackend(boolean split, List<BackendProcess> processes, FleetState state, URI edgeUri) {
        this.split = split;
        this.processes = processes;
        this.state = state;
        this.edgeUri = edgeUri;
    }

    /**
     * Starts the Backend (and its edge app) and waits until the edges can connect.
     *
     * @param bind where its servers listen (fleet's loopback address)
     */
    public static ManagedBackend start(BackendJars jars, DatabaseLogin database, WorkDir workDir, InetAddress bind,
            FleetState state, Console out) {
        boolean split = jars.edgeApp().isPresent(); // the plan holds one exactly for a 2026.2+ Backend
        Path root = workDir.root().resolve("backend");
        Path logs = workDir.logsDir().resolve("backend");
        Path agent = AgentJar.writeStandaloneInto(workDir.jvmDir());
        String address = bind.getHostAddress();
        int backendPort = freePort(bind);
        List<BackendProcess> started = new ArrayList<>();
        BackendProcess backend = new BackendProcess("backend", jars.backend(), root.resolve("backend"),
                logs.resolve("backend.log"), backendPort);
        stopStale(root.resolve("backend"), out);
        try {
            long begun = System.nanoTime();
            List<Configuration> backendConfig = new ArrayList<>(List.of(metadataOdoo(database), timedataDummy()));
            backendConfig.add(split ? edgeManager(backendPort) : edgeWebsocket(backendPort));
            backend.start(backendConfig, agent, address, BACKEND_JVM);
            started.add(backend);
            writePid(backend.dir(), backend);
            backend.awaitListening(READY_TIMEOUT);
            int edgePort = backendPort;
            if (split) {
                edgePort = freePort(bind);
                BackendProcess edgeApp = new BackendProcess("backend-edge", jars.edgeApp().orElseThrow(),
                        root.resolve("backend-edge"), logs.resolve("backend-edge.log"), edgePort);
                stopStale(root.resolve("backend-edge"), out);
                edgeApp.start(List.of(edgeApp("ws://" + address + ":" + backendPort, edgePort)), agent, address,
                        EDGE_APP_JVM);
                started.add(edgeApp);
                writePid(edgeApp.dir(), edgeApp);
                edgeApp.awaitListening(READY_TIMEOUT);
            }
            URI uri = URI.create("ws://" + address + ":" + edgePort);
            ManagedBackend managed = new ManagedBackend(split, List.copyOf(started), state, uri);
            managed.watch();
            out.info(String.format(java.util.Locale.ROOT, "OpenEMS Backend (%s layout) ready in %.1f s: edges connect to"
                    + " %s; logs in %s", split ? "2026.2+, Edge.Manager + Backend.Edge.App"
                            : "up to 2026.1, Edge.Websocket", (System.nanoTime() - begun) / 1e9, uri, logs));
            return managed;
        } catch (RuntimeException e) {
            for (BackendProcess p : started.reversed()) {
                p.stop(STOP_GRACE);
            }
            throw e;
        }
    }

    /** What every edge's {@code Controller.Api.Backend} gets as {@code uri}. */
    public URI edgeUri() {
        return edgeUri;
    }

    public String label() {
        return "OpenEMS Backend run by fleet (" + (split ? "Backend.Edge.App" : "Edge.Websocket")
                + ") " + edgeUri;
    }

    /** The log of one of its processes, by name ("backend", "backend-edge"). */
    public Optional<Path> log(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).map(BackendProcess::log).findFirst();
    }

    /**
     * Stops and starts every process with the same configuration and ports: the Backend reads its
     * devices only when it starts (fleet added edges). The edges reconnect by themselves.
     */
    public synchronized void restart() {
        for (BackendProcess p : processes.reversed()) {
            LOG.info("OpenEMS " + p.name() + " (restart): " + p.stop(STOP_GRACE));
        }
        for (BackendProcess p : processes) {
            p.startAgain();
            writePid(p.dir(), p);
            p.awaitListening(READY_TIMEOUT);
        }
        watch();
    }

    /** Publishes the processes' state now and whenever one of them ends. */
    private void watch() {
        publish();
        for (BackendProcess p : processes) {
            p.handle().ifPresent(h -> h.onExit().thenRun(this::publish));
        }
    }

    private void publish() {
        state.setBackendProcesses(processes.stream().map(BackendProcess::status).toList());
    }

    /** The edge app first, so that the edges see their connection end before the Backend goes. */
    @Override
    public synchronized void close() {
        for (BackendProcess p : processes.reversed()) {
            LOG.info("OpenEMS " + p.name() + ": " + p.stop(STOP_GRACE));
        }
        publish();
    }

    // Configurations, as OpenEMS's Backend reads them from felix.cm.dir (singletons: PID = component name).

    static Configuration metadataOdoo(DatabaseLogin db) {
        return Configuration.builder().put(Configuration.SERVICE_PID, "Metadata.Odoo")
                .put("odooProtocol", "HTTP").put("odooHost", "127.0.0.1")
                // No Odoo runs: port 1 makes its few Odoo calls (an edge's version, app-center requests)
                // fail at once instead of hanging; apikeys come from the database alone.
                .put("odooPort", 1).put("odooUid", 1).put("odooPassword", "unused")
                .put("pgHost", db.host()).put("pgPort", db.port()).put("pgUser", db.user())
                .put("pgPassword", db.password().map(fleet.plan.Secret::reveal).orElse(""))
                .put("database", db.database()).put("pgConnectionPoolSize", 4).put("eventPoolSize", 2)
                .put("requestPoolSize", 4).put("enablePasswordAuthentication", false)
                .put("authOAuthProviderName", "").put("debugMode", "OFF").build();
    }

    static Configuration timedataDummy() {
        return Configuration.builder().put(Configuration.SERVICE_PID, "Timedata.Dummy").put("id", "timedata0").build();
    }

    static Configuration edgeManager(int port) {
        return Configuration.builder().put(Configuration.SERVICE_PID, "Edge.Manager").put("port", port)
                .put("poolSize", 4).build();
    }

    static Configuration edgeWebsocket(int port) {
        return Configuration.builder().put(Configuration.SERVICE_PID, "Edge.Websocket").put("port", port)
                .put("poolSize", 4).build();
    }

    static Configuration edgeApp(String backendUri, int port) {
        return Configuration.builder().put(Configuration.SERVICE_PID, "Backend.Edge.App").put("id", "edges0")
                .put("uri", backendUri).put("clientPoolSize", 4).put("port", port).put("serverPoolSize", 4).build();
    }

    private static int freePort(InetAddress bind) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(bind, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw FleetException.failure("cannot find a free port on " + bind.getHostAddress() + " for the OpenEMS"
                    + " Backend: " + e.getMessage(), e);
        }
    }

    /** A pid file, so that a fleet killed with -9 does not leave its Backend running for good. */
    private static void writePid(Path dir, BackendProcess p) {
        try {
            Files.writeString(dir.resolve("pid"), Long.toString(p.status().pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warning("cannot write " + dir.resolve("pid") + ": " + e.getMessage());
        }
    }

    /** Ends a Backend process a killed fleet of this work dir left behind (its command line names this directory). */
    private static void stopStale(Path dir, Console out) {
        Path pidFile = dir.resolve("pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            Files.delete(pidFile);
            Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info()
                    .commandLine().map(line -> line.contains(dir.resolve("config").toString())).orElse(false));
            if (stale.isPresent()) {
                out.warn("stopping the OpenEMS Backend process " + pid + " that an earlier fleet of this work dir left"
                        + " running (" + dir + ")");
                stale.get().destroy();
                try {
                    stale.get().onExit().get(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    stale.get().destroyForcibly();
                }
            }
        } catch (IOException | NumberFormatException | InterruptedException
                | java.util.concurrent.ExecutionException e) {
            LOG.warning("could not check " + pidFile + ": " + e);
        }
    }
}
