package fleet.run;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.app.ComponentIndex;
import fleet.app.EdgeApp;
import fleet.app.SharedLibraries;
import fleet.backend.ManagedBackend;
import fleet.config.RenderedEdge;
import fleet.console.Console;
import fleet.console.FleetLog;
import fleet.console.StartProgress;
import fleet.control.FleetControl;
import fleet.host.HeapGiveBack;
import fleet.host.Signals;
import fleet.host.StopProgress;
import fleet.household.Household;
import fleet.link.BackendLink;
import fleet.link.BuiltInReceiver;
import fleet.link.OnlineReport;
import fleet.link.OnlineWait;
import fleet.plan.EdgeRange;
import fleet.plan.FleetPlan;
import fleet.registry.Registration;
import fleet.report.EnergyLog;
import fleet.registry.Registry;
import fleet.render.EdgeConfigs;
import fleet.runtime.EdgeLaunch;
import fleet.runtime.EdgeRuntime;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetInfo;
import fleet.state.FleetState;
import fleet.state.FrameworkState;
import fleet.web.DashboardServer;
import fleet.workdir.EdgeDisk;
import fleet.workdir.HouseholdFiles;
import fleet.workdir.FleetSeed;
import fleet.workdir.CredentialsView;
import fleet.workdir.WorkDir;
import fleet.workdir.WorkDirLock;

/**
 * One fleet run, start to stop: the pipeline CLI → plan → edge app + template → rendering →
 * registry → runtime → backend link → state → observers, and back down in reverse order.
 * Also the {@link FleetControl} of the running fleet, so that a change at run time (add edges,
 * restart one) travels the same stages as the start.
 */
public final class FleetRun implements FleetControl {

    private static final Logger LOG = FleetLog.logger(FleetRun.class);
    private static final int APIKEY_PREFIX = 4;
    /** A long stop (hundreds of edges) says how far it has come this often. */
    private static final Duration PROGRESS_LINE_EVERY = Duration.ofSeconds(10);

    private final FleetPlan plan;
    private final WorkDir workDir;
    private final Console out = Console.stdout();
    private final FleetState state = new FleetState();
    private final StopSignal stop = new StopSignal();
    /** Every edge's apikey, as the registry holds it: the one source of truth. */
    private final Map<String, String> apikeys = new ConcurrentHashMap<>();
    /** Every edge's household by index, for households.csv (edges added at run time too). */
    private final SortedMap<Integer, Map.Entry<String, Household>> households = new TreeMap<>();

    /** The OpenEMS Backend fleet runs (--with-backend); null otherwise. */
    private volatile ManagedBackend managedBackend;
    /** Samples the edges' energy counters while the fleet runs. */
    private volatile EnergyLog energyLog;
    /** The dashboard while the fleet runs with one; null otherwise. */
    private volatile DashboardServer dashboard;

    /** The stages of a running fleet; null outside {@link #run()}. */
    private volatile Stages stages;

    private record Stages(EdgeConfigs configs, Registry registry, BackendLink link, EdgeRuntime runtime) {
    }

    public FleetRun(FleetPlan plan) {
        this.plan = plan;
        this.workDir = new WorkDir(plan.workDir());
    }

    public FleetState state() {
        return state;
    }

    /** The running fleet's dashboard (its URL and token), for tests and embedding. */
    public Optional<DashboardServer> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    /** Asks a running fleet to stop (tests, embedding); the same as Ctrl-C. */
    public void requestStop(String why) {
        stop.trigger(why);
    }

    public ExitCode run() {
        workDir.create();
        FleetLog.configure(workDir.logsDir(), plan.verbose());
        if (plan.runtime().hosted()) {
            stopOnSignalsAndLauncherExit();
        }
        try (WorkDirLock lock = WorkDirLock.acquire(workDir)) {
            EdgeConfigs template = loadTemplate();
            EdgeApp app = loadEdgeApp(template);
            EdgeConfigs configs = template.withWarmStart(ComponentIndex.of(app.bundles()).allPids());
            try (Registry registry = Registry.open(plan.database(), workDir, out)) {
                registry.holdRange(plan.edges()); // before anything is registered or started
                Registration registration = registry.register(plan.edges(), plan.database().rotateApikeys());
                registration.backendHint().filter(hint -> !plan.backend().builtInReceiver()
                        && plan.backend().runBackend().isEmpty()).ifPresent(out::info);
                // After the registration: the Backend reads the devices once, when it starts.
                try (ManagedBackend ownBackend = plan.backend().runBackend().map(jars -> ManagedBackend.start(jars,
                        registry.login(), workDir, InetAddress.getLoopbackAddress(), state, out)).orElse(null);
                        BackendLink link = BackendLink.start(ownBackend == null ? plan.backend()
                                : plan.backend().withUri(ownBackend.edgeUri()), plan.edges(), state,
                                registry::edgeNameForApikey, registry::writeBack, registry::connectedFlags);
                        EdgeRuntime runtime = new EdgeRuntime(app, state, plan.runtime().startConcurrency(),
                                plan.backend().connectRate(), plan.runtime().framework())) {
                    managedBackend = ownBackend;
                    out.info("backend: " + (ownBackend == null ? link.label() : ownBackend.label()));
                    reportDisk();
                    stages = new Stages(configs, registry, link, runtime);
                    state.setInfo(new FleetInfo(ownBackend == null ? link.label() : ownBackend.label(), "",
                            app.describe() + " on " + plan.runtime().framework().title(), workDir.root().toString()));
                    try (EnergyLog energy = EnergyLog.start(state, workDir);
                            DashboardServer server = startDashboard(lock)) { // closed first on the way down
                        energyLog = energy;
                        dashboard = server;
                        addEdges(registration.apikeys());
                        return startAndRun();
                    } finally {
                        dashboard = null;
                    }
                } finally {
                    stages = null;
                }
            }
        }
    }

    /** The dashboard, JSON API and /metrics; null when --dashboard-port 0. */
    private DashboardServer startDashboard(WorkDirLock lock) {
        if (!plan.dashboard().enabled()) {
            return null;
        }
        DashboardServer server = DashboardServer.start(plan.dashboard(), state, this);
        FleetInfo info = state.info();
        state.setInfo(new FleetInfo(info.backendLabel(), server.url(), info.edgeApp(), info.workDir()));
        lock.put("dashboard", server.url());
        out.info("dashboard: " + server.pageUrl());
        out.info("  actions need that token (the page keeps it; scripts send X-Fleet-Token: " + server.token()
                + "); JSON API " + server.url() + "api/fleet, metrics " + server.url() + "metrics");
        return server;
    }

    private void stopOnSignalsAndLauncherExit() {
        Signals.onTermination(signal -> {
            if (stop.triggered()) {
                Console.stderr().info("already stopping (edges are abandoned once none has finished for "
                        + plan.runtime().stopGrace().toSeconds() + " s)");
            }
            stop.trigger("SIG" + signal);
        });
        ProcessHandle.current().parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> stop.trigger("fleet's launcher process ended")));
    }

    private EdgeApp loadEdgeApp(EdgeConfigs configs) {
        EdgeAppPreparation.Prepared prepared = EdgeAppPreparation.prepare(plan.edgeApp(), workDir,
                plan.runtime().allBundles() ? Optional.empty() : Optional.of(configs.configuredPids()),
                plan.runtime().framework());
        out.info("edge application " + prepared.describe() + "; every edge an " + plan.runtime().framework().title()
                + " framework");
        if (!plan.runtime().sharing().enabled()) {
            return prepared.app();
        }
        SharedLibraries shared = SharedLibraries.select(prepared.app(),
                SharedLibraries.candidates(plan.runtime().sharing().list())).onClassPath();
        if (!shared.bundles().isEmpty()) {
            out.info(shared.bundles().size() + " libraries loaded once for all edges: " + shared);
        }
        return shared.applyTo(prepared.app());
    }

    /** What earlier runs left on disk, before this one adds to it. */
    private void reportDisk() {
        Set<String> names = plan.edges().indexes().mapToObj(EdgeRange::nameOf).collect(Collectors.toSet());
        try {
            EdgeDisk disk = EdgeDisk.measure(workDir, names);
            if (!disk.isEmpty()) {
                out.info(disk.describe(workDir, names.size()));
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.warning("could not measure the edges' disk use: " + e.getMessage());
        }
    }

    private EdgeConfigs loadTemplate() {
        EdgeConfigs configs = EdgeConfigs.load(plan.template(), plan.edges(), FleetSeed.loadOrCreate(workDir), workDir);
        configs.warnings().forEach(out::warn);
        Map<Integer, String> fleetPorts = new LinkedHashMap<>();
        if (plan.dashboard().enabled()) {
            fleetPorts.put(plan.dashboard().port(), "the dashboard (--dashboard-port)");
        }
        if (plan.backend().builtInReceiver() && plan.backend().receiverPort() != 0) {
            fleetPorts.put(plan.backend().receiverPort(), "the built-in receiver (--receiver-port)");
        }
        configs.checkPorts(plan.edges(), plan.runtime().httpPortBase(), fleetPorts);
        out.info("template " + configs.describe());
        return configs;
    }

    /** Renders and adds edges in state PENDING; they start with the next {@code startAll}. */
    private synchronized void addEdges(Map<String, String> apikeyByEdge) {
        Stages running = stages;
        for (Map.Entry<String, String> edge : apikeyByEdge.entrySet()) {
            String name = edge.getKey();
            int index = EdgeRange.indexOf(name);
            RenderedEdge rendered = running.configs().write(index, name, edge.getValue(), running.link().edgeUri());
            Map<String, String> properties = new LinkedHashMap<>();
            if (!plan.runtime().mdns()) {
                properties.putAll(EdgeLaunch.NO_LAN_DISCOVERY);
            }
            int httpPort = plan.runtime().httpPortBase().map(base -> base + index).orElse(0);
            if (httpPort != 0) {
                properties.put("org.apache.felix.http.enable", "true");
                properties.put("org.osgi.service.http.port", Integer.toString(httpPort));
            }
            running.runtime().add(new EdgeLaunch(name, index, workDir.edge(name), properties),
                    edge.getValue().substring(0, Math.min(APIKEY_PREFIX, edge.getValue().length())),
                    new EdgePorts(rendered.restPort(), rendered.websocketPort(), rendered.modbusPort(), httpPort));
            running.configs().household(name).ifPresent(household -> {
                state.update(name, status -> status.withHousehold(household));
                households.put(index, Map.entry(name, household));
            });
        }
        if (!households.isEmpty()) {
            HouseholdFiles.writeFleet(workDir, households); // addEdges and removeEdges are synchronized
        }
        apikeys.putAll(apikeyByEdge);
        running.link().expectEdges(Map.copyOf(apikeys));
    }

    private ExitCode startAndRun() {
        Stages running = stages;
        long started = System.nanoTime();
        try (StartProgress progress = new StartProgress(state, Console.isTerminal())) {
            running.runtime().startAll();
        }
        reportStart(Duration.ofNanos(System.nanoTime() - started));
        ExitCode result = ExitCode.OK;
        if (plan.backend().waitOnline().isPresent()) {
            result = waitOnline(running, plan.backend().waitOnline().get());
        }
        if (result == ExitCode.OK) {
            try {
                String why = stop.await(plan.runtime().duration());
                out.info("stopping (" + why + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        energyLog.sampleNow(); // the edges' counters as they stop: a short run has its end too
        ExitCode stopped = stopAll(running.runtime());
        return result != ExitCode.OK ? result : stopped;
    }

    private ExitCode waitOnline(Stages running, Duration timeout) {
        OnlineReport report;
        try {
            report = new OnlineWait(state, running.link()).await(timeout, stop::triggered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        }
        if (report.allOnline()) {
            report.summaryLines().forEach(out::plain);
            return ExitCode.OK;
        }
        if (stop.triggered()) {
            return ExitCode.OK;
        }
        Console err = Console.stderr();
        err.error(report.notOnline().size() + " of " + report.edges().size() + " edges not online and healthy after "
                + timeout.toSeconds() + " s:");
        report.failureLines().forEach(err::plain);
        return ExitCode.NOT_ONLINE;
    }

    private void reportStart(Duration took) {
        List<EdgeStatus> edges = state.edges();
        long active = edges.stream().filter(e -> e.framework() == FrameworkState.ACTIVE).count();
        long failed = edges.stream().filter(e -> e.framework() == FrameworkState.FAILED).count();
        out.info(String.format("%d of %d edges started in %.1f s%s", active, edges.size(), took.toMillis() / 1000.0,
                failed == 0 ? "" : " (" + failed + " failed; see " + workDir.root() + "/edges/<name>/logs/console.log)"));
        LOG.info("start finished: " + active + " active, " + failed + " failed, " + took);
    }

    /**
     * Stops every edge in parallel, for as long as edges keep finishing. Edges still stopping when none
     * has finished for the grace period are abandoned (they end with this JVM) and named: the stop
     * was asked for, so it is still a clean end.
     */
    private ExitCode stopAll(EdgeRuntime runtime) {
        long started = System.nanoTime();
        StopProgress launcher = new StopProgress(workDir.jvmDir());
        AtomicLong lastLine = new AtomicLong(started);
        List<String> stuck = runtime.stopAll(plan.runtime().stopGrace(), (stopped, total) -> {
            launcher.report(stopped, total);
            long now = System.nanoTime();
            if (stopped < total && now - lastLine.get() >= PROGRESS_LINE_EVERY.toNanos()) {
                lastLine.set(now);
                out.info(String.format("stopping: %d of %d edges stopped after %.0f s", stopped, total,
                        (now - started) / 1e9));
            }
        });
        if (!stuck.isEmpty()) {
            out.warn(stuck.size() + " edges were still stopping when none had finished for "
                    + plan.runtime().stopGrace().toSeconds() + " s and end with the JVM: "
                    + String.join(", ", stuck.subList(0, Math.min(10, stuck.size())))
                    + (stuck.size() > 10 ? ", ..." : "") + " (a longer --stop-grace gives them more time)");
        } else {
            out.info(String.format("all edges stopped in %.1f s", (System.nanoTime() - started) / 1e9));
        }
        return ExitCode.OK;
    }

    // --- FleetControl -------------------------------------------------------------------------

    private Stages running() {
        Stages current = stages;
        if (current == null) {
            throw FleetException.failure("the fleet is not running");
        }
        return current;
    }

    @Override
    public void startEdge(String name) {
        running().runtime().start(name);
        edgeSideCutEnded(name);
    }

    @Override
    public void stopEdge(String name) {
        running().runtime().stop(name, plan.runtime().stopGrace());
    }

    @Override
    public void restartEdge(String name) {
        running().runtime().restart(name, plan.runtime().stopGrace());
        edgeSideCutEnded(name);
    }

    /** A framework start enables every component again, so an edge-side cut ends with it. */
    private void edgeSideCutEnded(String name) {
        if (!(running().link() instanceof BuiltInReceiver)) {
            state.update(name, edge -> edge.backendCutUntil() == null ? edge : edge.withBackendCut(null));
        }
    }

    /**
     * With the built-in receiver the receiver drops the edge and refuses it until the time is up;
     * with an external backend, which fleet cannot touch, the edge's own backend controller is
     * disabled for that long (through SCR, by the runtime).
     */
    @Override
    public void cutBackend(String name, Duration duration) {
        Stages running = running();
        if (state.edge(name).isEmpty()) {
            throw FleetException.badInput("no edge named " + name + " in this fleet");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw FleetException.badInput("cut " + name + " for " + duration + ": the time must be positive");
        }
        if (running.link() instanceof BuiltInReceiver receiver) {
            receiver.cut(name, duration);
        } else {
            running.runtime().cutBackend(name, duration);
        }
        Instant until = Instant.now().plus(duration);
        state.update(name, edge -> edge.withBackendCut(until));
    }

    @Override
    public synchronized List<String> addEdges(int count) {
        Stages running = running();
        List<EdgeStatus> edges = state.edges();
        int next = edges.isEmpty() ? plan.edges().first() : edges.get(edges.size() - 1).index() + 1;
        EdgeRange added = new EdgeRange(next, count);
        running.configs().checkPorts(added, plan.runtime().httpPortBase());
        running.registry().holdRange(added);
        Registration registration = running.registry().register(added, false);
        if (managedBackend != null) {
            out.info("restarting fleet's OpenEMS Backend: it reads its devices only when it starts");
            managedBackend.restart();
        }
        addEdges(registration.apikeys());
        running.runtime().startAll();
        return new ArrayList<>(registration.apikeys().keySet());
    }

    @Override
    public synchronized List<String> removeEdges(int count) {
        Stages running = running();
        List<EdgeStatus> edges = state.edges();
        if (count < 1 || count > edges.size()) {
            throw FleetException.badInput("cannot remove " + count + " edges: the fleet has " + edges.size());
        }
        List<EdgeStatus> leaving = edges.subList(edges.size() - count, edges.size()).reversed();
        List<String> removed = leaving.stream().map(EdgeStatus::name).toList();
        List<String> stuck = running.runtime().removeAll(removed, plan.runtime().stopGrace());
        if (!stuck.isEmpty()) {
            out.warn(stuck.size() + " removed edges were still stopping after " + plan.runtime().stopGrace().toSeconds()
                    + " s without progress; they end with the JVM: " + String.join(", ", stuck));
        }
        boolean householdsChanged = false;
        for (EdgeStatus edge : leaving) {
            apikeys.remove(edge.name());
            householdsChanged |= households.remove(edge.index()) != null;
        }
        if (householdsChanged) {
            HouseholdFiles.writeFleet(workDir, households);
        }
        running.link().expectEdges(Map.copyOf(apikeys));
        HeapGiveBack.Change heap = HeapGiveBack.collect();
        out.info("removed " + removed.size() + " edges; " + heap.describe());
        return removed;
    }

    @Override
    public Map<String, String> credentials(String name) {
        return CredentialsView.passwords(workDir.edge(name));
    }

    @Override
    public Optional<Path> logFile(String name) {
        if (name.startsWith("backend") && managedBackend != null) {
            return managedBackend.log(name);
        }
        return state.edge(name).map(e -> workDir.edge(name).logsDir().resolve("console.log"));
    }
}
