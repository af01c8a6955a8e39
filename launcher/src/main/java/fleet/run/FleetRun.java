package fleet.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.console.Console;
import fleet.console.FleetLog;
import fleet.console.StartProgress;
import fleet.control.FleetControl;
import fleet.host.Signals;
import fleet.plan.FleetPlan;
import fleet.runtime.BundleCheck;
import fleet.runtime.EdgeRuntime;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;
import fleet.workdir.WorkDir;
import fleet.workdir.WorkDirLock;

/**
 * One fleet run, start to stop: the pipeline CLI → plan → edge app + template → rendering →
 * registry → runtime → backend link → state → observers, and back down in reverse order.
 * Also the {@link FleetControl} of the running fleet, so that changes at run time travel the
 * same stages as the start.
 */
public final class FleetRun implements FleetControl {

    private static final Logger LOG = FleetLog.logger(FleetRun.class);

    private final FleetPlan plan;
    private final Console out = Console.stdout();
    private final FleetState state = new FleetState();
    private final StopSignal stop = new StopSignal();

    private EdgeRuntime runtime;

    public FleetRun(FleetPlan plan) {
        this.plan = plan;
    }

    public FleetState state() {
        return state;
    }

    /** Asks a running fleet to stop (tests, embedding); the same as Ctrl-C. */
    public void requestStop(String why) {
        stop.trigger(why);
    }

    public ExitCode run() {
        WorkDir workDir = new WorkDir(plan.workDir()).create();
        FleetLog.configure(workDir.logsDir(), plan.verbose());
        if (plan.runtime().hosted()) {
            Signals.onTermination(signal -> {
                if (stop.triggered()) {
                    Console.stderr().info("already stopping (at most " + plan.runtime().stopGrace().toSeconds() + " s)");
                }
                stop.trigger("SIG" + signal);
            });
            ProcessHandle.current().parent().ifPresent(
                    parent -> parent.onExit().thenRun(() -> stop.trigger("fleet's launcher process ended")));
        }
        try (WorkDirLock lock = WorkDirLock.acquire(workDir)) {
            EdgeApp app = loadEdgeApp(workDir);
            try (EdgeRuntime edges = new EdgeRuntime(app, state, plan.runtime().startConcurrency(),
                    plan.backend().connectRate())) {
                runtime = edges;
                return runEdges(workDir);
            } finally {
                runtime = null;
            }
        }
    }

    private EdgeApp loadEdgeApp(WorkDir workDir) {
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(plan.edgeApp());
        BundleCheck.verify(app, workDir.appCacheDir().resolve("check-" + ProcessHandle.current().pid()));
        out.info("edge application " + app.describe());
        return app;
    }

    private ExitCode runEdges(WorkDir workDir) {
        long started = System.nanoTime();
        try (StartProgress progress = new StartProgress(state, Console.isTerminal())) {
            runtime.startAll();
        }
        reportStart(Duration.ofNanos(System.nanoTime() - started));
        try {
            String why = stop.await(plan.runtime().duration());
            out.info("stopping (" + why + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stopAll();
    }

    private void reportStart(Duration took) {
        List<EdgeStatus> edges = state.edges();
        long active = edges.stream().filter(e -> e.framework() == FrameworkState.ACTIVE).count();
        long failed = edges.stream().filter(e -> e.framework() == FrameworkState.FAILED).count();
        out.info(String.format("%d of %d edges started in %.1f s%s", active, edges.size(), took.toMillis() / 1000.0,
                failed == 0 ? "" : " (" + failed + " failed; see edges/<name>/logs/console.log)"));
        LOG.info("start finished: " + active + " active, " + failed + " failed, " + took);
    }

    private ExitCode stopAll() {
        long started = System.nanoTime();
        List<String> stuck = runtime.stopAll(plan.runtime().stopGrace());
        if (!stuck.isEmpty()) {
            Console.stderr().error(stuck.size() + " edges did not stop within " + plan.runtime().stopGrace().toSeconds()
                    + " s: " + String.join(", ", stuck));
            return ExitCode.FAILURE;
        }
        out.info(String.format("all edges stopped in %.1f s", (System.nanoTime() - started) / 1e9));
        return ExitCode.OK;
    }

    // --- FleetControl -------------------------------------------------------------------------

    private EdgeRuntime running() {
        EdgeRuntime current = runtime;
        if (current == null) {
            throw FleetException.failure("the fleet is not running");
        }
        return current;
    }

    @Override
    public void startEdge(String name) {
        running().start(name);
    }

    @Override
    public void stopEdge(String name) {
        running().stop(name, plan.runtime().stopGrace());
    }

    @Override
    public void restartEdge(String name) {
        running().restart(name, plan.runtime().stopGrace());
    }

    @Override
    public void cutBackend(String name, Duration duration) {
        throw FleetException.failure("cutting the backend connection is not built yet");
    }

    @Override
    public List<String> addEdges(int count) {
        throw FleetException.failure("adding edges is not built yet");
    }

    @Override
    public List<String> removeEdges(int count) {
        throw FleetException.failure("removing edges is not built yet");
    }

    @Override
    public Optional<Path> logFile(String name) {
        return state.edge(name).map(e -> new WorkDir(plan.workDir()).edge(name).logsDir().resolve("console.log"));
    }
}
