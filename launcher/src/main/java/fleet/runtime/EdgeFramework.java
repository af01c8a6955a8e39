package fleet.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

import fleet.app.AppBundle;
import fleet.app.EdgeApp;
import fleet.plan.OsgiFramework;
import fleet.state.EdgeConnection;
import fleet.state.FleetState;
import fleet.state.FrameworkState;

/**
 * One edge: one OSGi framework (Felix or Equinox) with the application's bundles, its own storage, config, data and
 * logs. Whatever happens inside it is caught here and becomes this edge's state; it never reaches
 * another edge.
 */
final class EdgeFramework {

    /** Felix FileInstall: installed only in edges whose {@code load/} directory holds something. */
    static final String FILE_INSTALL = "org.apache.felix.fileinstall";

    private final EdgeApp app;
    private final EdgeLaunch launch;
    private final FleetState state;
    private final RotatingLog consoleLog;
    private final OsgiFramework kind;

    private volatile Framework framework;
    private volatile boolean stopRequested;
    /** Set by the fleet's own stop once every bundle of the edge has stopped ({@link #stopBundlesThenFramework}). */
    private volatile boolean bundlesStopped;
    /** Reads the running framework; made at every start, used under this object's lock ({@link #probe()}). */
    private volatile EdgeProbe probe;
    private final EdgeHealer healer = new EdgeHealer();

    EdgeFramework(EdgeApp app, EdgeLaunch launch, FleetState state, OsgiFramework kind) {
        this.kind = kind;
        this.app = app;
        this.launch = launch;
        this.state = state;
        this.consoleLog = new RotatingLog(launch.dirs().logsDir().resolve("console.log"), RotatingLog.DEFAULT_LIMIT);
    }

    String name() {
        return launch.name();
    }

    RotatingLog consoleLog() {
        return consoleLog;
    }

    /** Starts the framework and waits until it reached its beginning start level. Never throws. */
    void start() {
        if (framework != null) {
            return;
        }
        stopRequested = false;
        bundlesStopped = false;
        state.update(name(), s -> s.withFramework(FrameworkState.STARTING, ""));
        Framework osgi = null;
        try {
            launch.dirs().create();
            Map<String, Object> config = FrameworkProperties.of(app, launch, kind);
            if (kind == OsgiFramework.FELIX) {
                config.put("felix.log.logger", new EdgeLogger(consoleLog));
                config.put("felix.log.level", "2");
            }
            osgi = OsgiFrameworks.create(kind, config);
            osgi.init();
            if (kind == OsgiFramework.EQUINOX) {
                // Equinox ignores osgi.bundles.defaultStartLevel (only its EclipseStarter reads it): without
                // this every bundle without its own level starts at level 1, before SCR, ConfigAdmin,
                // pax-logging and OpenEMS's ConfigurationPlugin
                osgi.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class)
                        .setInitialBundleStartLevel(app.defaultStartLevel());
            }
            install(osgi.getBundleContext());
            FrameworkScopedProperties.remember(osgi.getBundleContext());
            LanDiscoveryStandIn.register(osgi.getBundleContext(), config);
            osgi.start();
            probe = new EdgeProbe(osgi.getBundleContext());
            healer.started();
            framework = osgi;
            state.update(name(), s -> s.withFramework(FrameworkState.ACTIVE, ""));
            probe(); // an edge can take itself down while starting; report that at once
        } catch (BundleException | RuntimeException | LinkageError e) {
            String why = describe(e);
            log("start failed: " + why, e);
            stopQuietly(osgi);
            state.update(name(), s -> s.withFramework(FrameworkState.FAILED, why));
        }
    }

    private void install(BundleContext context) throws BundleException {
        boolean fileInstallUsed = hasFiles(launch.dirs().loadDir());
        List<Bundle> toStart = new ArrayList<>();
        for (AppBundle bundle : app.bundles()) {
            if (!fileInstallUsed && FILE_INSTALL.equals(bundle.symbolicName())) {
                continue; // it would only watch an empty directory, with two threads per edge
            }
            Bundle installed;
            try {
                installed = context.installBundle(bundle.location());
            } catch (BundleException e) {
                throw new BundleException("cannot install " + bundle.file().getFileName() + ": " + e.getMessage(), e);
            }
            if (bundle.startLevel() > 0) {
                installed.adapt(BundleStartLevel.class).setStartLevel(bundle.startLevel());
            }
            if (!bundle.fragment()) {
                toStart.add(installed);
            }
        }
        for (Bundle bundle : toStart) {
            // Marks the bundle persistently started; the framework starts it when its level is reached.
            bundle.start(Bundle.START_ACTIVATION_POLICY);
        }
    }

    private static boolean hasFiles(java.nio.file.Path dir) {
        try (var entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Framework.stop returns at once (the framework stops on a thread of its own); failures go to the edge's log. */
    private void stopFramework(Framework osgi) {
        try {
            osgi.stop();
        } catch (BundleException | RuntimeException e) {
            log("stop failed: " + describe(e), e);
        }
    }

    /**
     * The fleet's own stop, on the calling thread: stops the edge's bundles one by one in the order
     * the framework's stop would (highest start level first, later installed first), then asks the
     * framework to stop. The framework would do the same on a thread it starts for its stop; at 200
     * real edges, with 9 000 threads in the JVM, each {@code Thread.start} took most of a second
     * while holding the JVM's thread lock, so the requests alone outlasted the grace. The fleet's
     * stop threads exist before the stop. The framework's own stop, which still starts that thread,
     * is handed to {@code frameworkStops} (one thread for all edges): it finds nothing left to stop,
     * and the crew goes on with the next edge instead of waiting in {@code Thread.start}.
     * Transient, as a framework stop: the bundles stay marked as started.
     */
    void stopBundlesThenFramework(Executor frameworkStops) {
        stopRequested = true;
        Framework osgi = framework;
        if (osgi == null) {
            return;
        }
        state.update(name(), s -> s.withFramework(FrameworkState.STOPPING, ""));
        try {
            for (Bundle bundle : inStopOrder(osgi.getBundleContext().getBundles())) {
                if ((bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                    continue;
                }
                try {
                    bundle.stop(Bundle.STOP_TRANSIENT);
                } catch (BundleException | RuntimeException e) {
                    log("stopping " + bundle.getSymbolicName() + " failed: " + describe(e), e);
                }
            }
            ModbusServerRelease.closeServers(osgi.getBundleContext(), this::log);
            bundlesStopped = true;
        } catch (RuntimeException e) { // IllegalStateException: the framework went down meanwhile
            log("stop failed: " + describe(e), e);
        }
        try {
            frameworkStops.execute(() -> stopFramework(osgi));
        } catch (RejectedExecutionException runtimeClosed) {
            stopFramework(osgi);
        }
    }

    /** Without the system bundle, highest start level first and, within a level, the last installed first. */
    static List<Bundle> inStopOrder(Bundle[] bundles) {
        List<Bundle> order = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getBundleId() != 0) {
                order.add(bundle);
            }
        }
        order.sort(Comparator.comparingInt(EdgeFramework::startLevel).reversed()
                .thenComparing(Comparator.comparingLong(Bundle::getBundleId).reversed()));
        return order;
    }

    private static int startLevel(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level == null ? 0 : level.getStartLevel();
    }

    /** Whether the framework still runs (or is still stopping); no side effects, unlike {@link #stoppedNow}. */
    boolean running() {
        Framework osgi = framework;
        return osgi != null && (osgi.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0;
    }

    /**
     * True when a requested stop is done: the framework is back to RESOLVED, or every bundle has
     * stopped (the framework's own stop thread may still be on its way: there is nothing of the edge
     * left for it to stop). Never waits.
     */
    boolean stoppedNow() {
        if (framework == null) {
            return true;
        }
        if (!bundlesStopped && running()) {
            return false;
        }
        framework = null;
        state.update(name(), s -> s.withFramework(FrameworkState.STOPPED, ""));
        return true;
    }

    /**
     * Waits until a framework of this edge has stopped completely, its storage released (the fleet's
     * stop counts an edge as stopped once its bundles have; a restart must not start a new framework
     * on the storage the old one still holds).
     */
    static boolean awaitFrameworkStop(Framework osgi, Duration timeout) {
        try {
            return osgi.waitForStop(Math.max(1, timeout.toMillis())).getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads what the framework really does and records it; notices a framework that stopped by itself. */
    synchronized void probe() {
        Framework osgi = framework;
        if (osgi == null) {
            return;
        }
        if (osgi.getState() != Bundle.ACTIVE) {
            if (!stopRequested) {
                // Stopping or stopped, and nobody asked: something inside the edge took it down.
                framework = null;
                String why = "the framework stopped without being asked (see " + consoleLog.file() + ")";
                log(why, null);
                state.update(name(), s -> s.withFramework(FrameworkState.FAILED, why));
            }
            return;
        }
        try {
            EdgeProbe.Result result = probe.probe();
            String healed = healer.afterProbe(osgi.getBundleContext(), result.health(), this::log,
                    this::componentsSwitched);
            state.update(name(), s -> s.withProbe(result.bundlesActive(), result.bundlesTotal(),
                    result.components(), result.connection(), result.lastCycle())
                    .withHealth(result.health().withHealed(healed)));
        } catch (IllegalStateException e) {
            // the framework went down while we looked; the next probe records it
            state.update(name(), s -> s.withProbe(s.bundlesActive(), s.bundlesTotal(), s.components(),
                    EdgeConnection.UNKNOWN, s.lastCycle()));
        }
    }

    /** How often the current probe read SCR's component states in full (tests: an idle edge costs nothing). */
    int componentReads() {
        EdgeProbe current = probe;
        return current == null ? 0 : current.componentRebuilds();
    }

    /** Fleet itself switched components of this edge: the next probe reads them in full. */
    void componentsSwitched() {
        EdgeProbe current = probe;
        if (current != null) {
            current.invalidate();
        }
    }

    /** The framework for runtime operations that need it; null when not running. */
    Framework framework() {
        return framework;
    }

    private void stopQuietly(Framework osgi) {
        if (osgi == null) {
            return;
        }
        try {
            osgi.stop();
            osgi.waitForStop(10_000);
        } catch (BundleException | RuntimeException e) {
            // it failed to start; a failed stop adds nothing the user can act on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void log(String line, Throwable e) {
        try (var out = new java.io.PrintStream(consoleLog, true, java.nio.charset.StandardCharsets.UTF_8) {
            @Override
            public void close() {
                flush(); // the log outlives this stream
            }
        }) {
            out.println(java.time.LocalDateTime.now() + " fleet: " + line);
            if (e != null) {
                e.printStackTrace(out);
            }
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root instanceof BundleException && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }
}
