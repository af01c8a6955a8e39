package fleet.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.launch.Framework;

import fleet.FleetException;
import fleet.app.EdgeApp;
import fleet.plan.OsgiFramework;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;

/**
 * The only part of fleet that touches Felix: starts, probes and stops one framework per edge.
 * Frameworks start in parallel with bounded concurrency and paced; each edge's failures stay in
 * that edge's state.
 */
public final class EdgeRuntime implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    /** The DS component name of OpenEMS's backend controller (and of the test edge app's). */
    static final String BACKEND_COMPONENT = "Controller.Api.Backend";
    private static final Logger LOG = Logger.getLogger(EdgeRuntime.class.getName());

    private final EdgeApp app;
    private final OsgiFramework framework;
    private final FleetState state;
    private final Map<String, EdgeFramework> edges = new ConcurrentHashMap<>();
    private final ExecutorService starter;
    private final ScheduledExecutorService prober;
    /** Ends fault injections when their time is up. */
    private final ScheduledExecutorService timer;
    private final StartPacer pacer;

    /**
     * Threads that stop the edges at the fleet's end, started with the runtime: starting a thread
     * at the stop of hundreds of real edges takes most of a second each ({@link EdgeFramework#stopBundlesThenFramework}).
     * Idle until then; the stops are parallel up to this many edges.
     */
    static final int STOP_CREW = 64;
    private final ExecutorService stopCrew;
    /** Asks each framework to stop once the crew has stopped its bundles, one after the other. */
    private final ExecutorService frameworkStops;

    /** How often the fleet's stop looks at the stopping edges. */
    private static final Duration STOP_POLL = Duration.ofMillis(200);
    /** The stop crew's thread names begin with this. */
    static final String STOP_CREW_NAME = "fleet-stop";

    /**
     * @param startsPerSecond at most this many frameworks begin starting per second (connect pacing)
     */
    public EdgeRuntime(EdgeApp app, FleetState state, int startConcurrency, double startsPerSecond) {
        this(app, state, startConcurrency, startsPerSecond, OsgiFramework.DEFAULT);
    }

    /**
     * @param framework the OSGi framework implementation every edge runs on
     */
    public EdgeRuntime(EdgeApp app, FleetState state, int startConcurrency, double startsPerSecond,
            OsgiFramework framework) {
        this.framework = framework;
        this.app = app;
        this.state = state;
        this.pacer = new StartPacer(startsPerSecond);
        this.starter = Executors.newFixedThreadPool(startConcurrency, named("fleet-start"));
        this.prober = Executors.newSingleThreadScheduledExecutor(named("fleet-probe"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("fleet-runtime-timer"));
        this.stopCrew = prestarted(STOP_CREW, STOP_CREW_NAME);
        this.frameworkStops = prestarted(1, STOP_CREW_NAME + "-frameworks");
        FrameworkScopedProperties.install();
        EdgeConsoles.install(this::consoleOf);
        // A thread of some edge that dies must not print over the console; the trace goes to fleet's log.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LOG.log(Level.WARNING,
                "uncaught exception in thread " + thread.getName(), e));
        prober.scheduleWithFixedDelay(this::probeAll, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Adds an edge in state PENDING; it starts with {@link #startAll} or {@link #start}. */
    public void add(EdgeLaunch launch, String apikeyPrefix, EdgePorts ports) {
        if (edges.putIfAbsent(launch.name(), new EdgeFramework(app, launch, state, framework)) != null) {
            throw new IllegalArgumentException(launch.name() + " is already part of the fleet");
        }
        state.add(EdgeStatus.pending(launch.name(), launch.index(), apikeyPrefix, ports));
    }

    /** Starts every pending edge, {@code startConcurrency} at a time, and waits until all have tried. */
    public void startAll() {
        List<Future<?>> starts = new ArrayList<>();
        for (EdgeStatus status : state.edges()) {
            EdgeFramework edge = edges.get(status.name());
            if (edge != null && edge.framework() == null) {
                starts.add(starter.submit(() -> paced(edge)));
            }
        }
        awaitAll(starts);
    }

    private void paced(EdgeFramework edge) {
        try {
            pacer.awaitTurn();
            edge.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts one edge (e.g. after stop); returns when it has tried. */
    public void start(String name) {
        awaitAll(List.of(starter.submit(edge(name)::start)));
    }

    /** Stops one edge, the same way as the fleet's stop, and waits until its framework has stopped. */
    public boolean stop(String name, Duration timeout) {
        EdgeFramework edge = edge(name);
        Framework osgi = edge.framework();
        boolean stopped = stopTogether(List.of(edge), timeout, StopListener.NONE).isEmpty();
        return stopped && (osgi == null || EdgeFramework.awaitFrameworkStop(osgi, timeout));
    }

    public boolean restart(String name, Duration timeout) {
        boolean stopped = stop(name, timeout);
        if (stopped) {
            start(name);
        }
        return stopped;
    }

    /** Stops and forgets an edge; its directories stay. */
    public boolean remove(String name, Duration timeout) {
        return removeAll(List.of(name), timeout).isEmpty();
    }

    /**
     * Stops the edges in parallel and forgets them; their directories stay. Like the fleet's stop it
     * goes on while edges keep finishing (one at a time, 40 real edges took over 5 minutes: each
     * waits out OpenEMS's 10-s Modbus/TCP deactivation sleep). Returns the edges that did not stop.
     */
    public List<String> removeAll(List<String> names, Duration grace) {
        List<String> stuck = stopTogether(names.stream().map(this::edge).toList(), grace, StopListener.NONE);
        for (String name : names) {
            edges.remove(name);
            state.remove(name);
        }
        return stuck;
    }

    /**
     * Stops every framework in parallel and returns the edges that did not stop. The stop goes on as
     * long as edges keep finishing: it gives up on the rest only when none has finished for
     * {@code grace}. (Stopping a real OpenEMS edge costs most of a second of a core, so hundreds of
     * edges on two cores need minutes however parallel the stop is; a total limit would abandon
     * edges that are making progress.) For the end of the fleet only (see below); one edge stops
     * with {@link #stop}.
     *
     * @param progress told how many edges have stopped, of how many, each time that number grows
     */
    public List<String> stopAll(Duration grace, StopListener progress) {
        return stopAll(grace, DeactivationSleeps.openems(), progress);
    }

    public List<String> stopAll(Duration grace) {
        return stopAll(grace, StopListener.NONE);
    }

    /** Hears how far the fleet's stop has come. */
    @FunctionalInterface
    public interface StopListener {
        StopListener NONE = (stopped, total) -> { };

        void stopped(int stopped, int total);
    }

    /**
     * The whole fleet's stop, after which the JVM ends: while it runs, OpenEMS's workers that spin
     * after deactivation are lowered to nice 19 ({@link SpinningWorkers}) and the deactivation
     * sleeps that only protect a port for a next activation are cut short ({@link DeactivationSleeps}).
     */
    List<String> stopAll(Duration grace, DeactivationSleeps sleeps) {
        return stopAll(grace, sleeps, StopListener.NONE);
    }

    List<String> stopAll(Duration grace, DeactivationSleeps sleeps, StopListener progress) {
        Collection<EdgeFramework> all = List.copyOf(edges.values());
        SpinningWorkers workers = SpinningWorkers.openems();
        Runnable assist = () -> {
            workers.demote();
            sleeps.interrupt();
        };
        assist.run();
        Future<?> demoting = timer.scheduleWithFixedDelay(assist, 250, 250, TimeUnit.MILLISECONDS);
        try {
            progress.stopped(0, all.size());
            return stopTogether(all, grace, progress);
        } finally {
            demoting.cancel(false);
        }
    }

    /**
     * Hands the edges to the stop crew and waits until they have stopped, or none has for
     * {@code grace}: the grace counts from now and again from every edge that finished. One look at
     * all edges every STOP_POLL instead of a wait on each in turn: with thousands of busy edge threads
     * every wake-up of this thread may wait for a core. Returns the edges still stopping.
     */
    private List<String> stopTogether(Collection<EdgeFramework> all, Duration grace, StopListener progress) {
        all.forEach(edge -> stopCrew.execute(() -> edge.stopBundlesThenFramework(frameworkStops)));
        long deadline = System.nanoTime() + grace.toNanos();
        List<EdgeFramework> stopping = new ArrayList<>(all);
        while (true) {
            if (stopping.removeIf(EdgeFramework::stoppedNow)) {
                deadline = System.nanoTime() + grace.toNanos();
                progress.stopped(all.size() - stopping.size(), all.size());
            }
            long left = deadline - System.nanoTime();
            if (stopping.isEmpty() || left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, STOP_POLL.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return stopping.stream().map(EdgeFramework::name).toList();
    }

    /**
     * Fault injection on the edge's own side, for a backend fleet cannot touch: disables the edge's
     * {@code Controller.Api.Backend} DS component through its SCR, so the edge closes its backend
     * connection, and enables it again after {@code duration} (it then connects as after a start).
     * A restart within the cut ends it early: SCR does not keep a component disabled across starts.
     *
     * @throws FleetException when the edge does not run or has no backend controller
     */
    public void cutBackend(String name, Duration duration) {
        EdgeFramework edge = edge(name);
        if (switchBackend(edge, false) == 0) {
            throw FleetException.failure(name + " has no " + BACKEND_COMPONENT + " component: nothing to cut");
        }
        edge.log("backend controller disabled for " + duration.toSeconds() + " s (fault injection)", null);
        timer.schedule(() -> {
            try {
                if (edge.framework() != null && switchBackend(edge, true) > 0) {
                    edge.log("backend controller enabled again", null);
                }
            } catch (RuntimeException e) {
                edge.log("could not enable the backend controller again: " + e, e);
            }
        }, duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int switchBackend(EdgeFramework edge, boolean enabled) {
        org.osgi.framework.launch.Framework framework = edge.framework();
        if (framework == null) {
            throw FleetException.failure(edge.name() + " is not running: nothing to cut");
        }
        try {
            int switched = ComponentSwitch.set(framework.getBundleContext(), BACKEND_COMPONENT, enabled);
            edge.componentsSwitched();
            return switched;
        } catch (IllegalStateException e) {
            throw FleetException.failure(edge.name() + ": " + e.getMessage(), e);
        }
    }

    /** Probes now instead of waiting for the next round (tests, final summaries). */
    public void probeAll() {
        for (EdgeFramework edge : edges.values()) {
            try {
                edge.probe();
            } catch (RuntimeException e) {
                edge.log("probe failed: " + e, e);
            }
        }
    }

    /** An edge, for tests of this package. */
    EdgeFramework edgeFramework(String name) {
        return edge(name);
    }

    /** The running framework of an edge, for tests of this package; null when it does not run. */
    Framework frameworkOf(String name) {
        return edge(name).framework();
    }

    private RotatingLog consoleOf(String edgeName) {
        EdgeFramework edge = edges.get(edgeName);
        return edge == null ? null : edge.consoleLog();
    }

    private EdgeFramework edge(String name) {
        EdgeFramework edge = edges.get(name);
        if (edge == null) {
            throw FleetException.badInput("no edge named " + name + " in this fleet");
        }
        return edge;
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // EdgeFramework.start records its own failures; anything else is a bug worth seeing
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        starter.shutdownNow();
        stopCrew.shutdownNow();
        frameworkStops.shutdown(); // the frameworks asked to stop still get that request
        prober.shutdownNow();
        timer.shutdownNow();
        if (edges.values().stream().noneMatch(EdgeFramework::running)) {
            EdgeConsoles.uninstall();
            edges.values().forEach(edge -> edge.consoleLog().close());
        }
        // else edges were abandoned at the end of the grace and end with the JVM: their threads still
        // print (OpenEMS's cycle worker logs every failed step), and into their own logs, not onto the
        // user's terminal.
    }

    /** A fixed pool whose threads exist from now on, so that using it later starts no thread. */
    private static ExecutorService prestarted(int threads, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named(prefix));
        pool.prestartAllCoreThreads();
        return pool;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
