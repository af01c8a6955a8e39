package fleet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import fleet.FleetException;
import fleet.fetch.BackendJarCheck;
import fleet.fetch.NotABackendApp;
import fleet.host.HostJvm;
import fleet.host.LaunchDir;
import fleet.host.bind.BindAgent;
import fleet.plan.BackendSettings;
import fleet.plan.Check;
import fleet.plan.DashboardSettings;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.plan.FleetPlan;
import fleet.plan.HouseholdSettings;
import fleet.plan.OsgiFramework;
import fleet.plan.RuntimeSettings;
import fleet.plan.TemplateSettings;
import fleet.run.FleetRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Starts N OpenEMS Edges, each in its own OSGi framework (Felix or Equinox), in one JVM, and keeps them"
                + " running until Ctrl-C, SIGTERM or --duration."})
public final class RunCommand implements Callable<Integer> {

    static final String EDGE_APP_ENV = "FLEET_OPENEMS_EDGE_JAR";
    static final String BACKEND_ENV = "FLEET_OPENEMS_BACKEND_JAR";
    static final String BACKEND_EDGE_ENV = "FLEET_OPENEMS_BACKEND_EDGE_JAR";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    EdgeRangeOptions edges;

    @Mixin
    TemplateOptions template;

    @Mixin
    DatabaseOptions database;

    @Mixin
    BackendOptions backend;

    @Mixin
    OpenemsReleaseOptions release;

    @Option(names = "--edge-app", paramLabel = "JAR|DIR",
            description = "The OpenEMS Edge application: openems-edge.jar as OpenEMS builds and releases it, or a"
                    + " directory of bundles (default: $" + EDGE_APP_ENV + ", else ./openems-edge.jar, else the"
                    + " --openems-version release, downloaded once).")
    Path edgeApp;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after this long, e.g. 10m (default: run until Ctrl-C or SIGTERM).")
    Duration duration;

    @Option(names = "--start-concurrency", paramLabel = "K",
            description = "Frameworks started at the same time (default: number of cores).")
    Integer startConcurrency;

    @Option(names = "--stop-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "20s", description = "How long the fleet's stop may go on without another edge finishing"
                    + " before the edges still stopping are abandoned; how long one edge's stop or restart may take"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration stopGrace;

    @Option(names = "--http-port-base", paramLabel = "PORT",
            description = "Turn on Felix HTTP (the Felix web console port) at PORT+i for edge i, on 127.0.0.1"
                    + " (default: off).")
    Integer httpPortBase;

    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "" + DashboardSettings.DEFAULT_PORT,
            description = "Status dashboard, JSON API and /metrics (0 = off; default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--dashboard-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the dashboard listens on; change it only to expose it deliberately"
                    + " (default: ${DEFAULT-VALUE}).")
    String dashboardBind;

    @Option(names = "--edge-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Where the edges' REST, websocket and Modbus/TCP servers listen (OpenEMS opens them on every"
                    + " interface; fleet keeps them here). 0.0.0.0 = every interface, as OpenEMS would"
                    + " (default: ${DEFAULT-VALUE}).")
    String edgeBind;

    @Option(names = "--edge-passwords", paramLabel = "generated|default", defaultValue = "generated",
            description = "Passwords of every edge's OpenEMS users: generated (each edge its own, shown by fleet status"
                    + " --show-credentials) or default (OpenEMS's admin/admin, ...; default: ${DEFAULT-VALUE}).")
    String edgePasswords;

    @Option(names = "--mdns",
            description = "Keep OpenEMS's LAN discovery (JmDNS multicast) in every edge (default: off, a stand-in that"
                    + " discovers nothing).")
    boolean mdns;

    @Option(names = "--profile", paramLabel = "realistic|flat",
            description = "How the built-in edge's PV and consumption move: realistic (a day aligned to the clock: no PV"
                    + " at night, morning and evening consumption peaks) or flat (short loops, one value per cycle,"
                    + " for load tests) (default: realistic).")
    String profile;

    @Option(names = "--vary", paramLabel = "RANGES|none",
            description = "Each edge draws its own household (PV peak, consumption, battery, time offset) from these"
                    + " ranges, the same on every run of the work dir: 'default', or overrides such as"
                    + " pv-peak-w=3000..10000,consumption-kwh=2000..6000,battery-wh=5000..15000,no-battery-percent=25,"
                    + "offset-min=-60..60; 'none' = identical edges (default: default with more than one edge).")
    String vary;

    @Option(names = "--all-bundles",
            description = "Install every bundle of the edge application in every edge (default: only the bundles the"
                    + " template's components need, found by resolving the application once).")
    boolean allBundles;

    @Option(names = "--shared-libraries", paramLabel = "FILE|none",
            description = "Third-party libraries loaded once for all edges instead of once per edge: a file with one"
                    + " bundle symbolic name per line, or 'none' (default: fleet's own list of stateless libraries).")
    String sharedLibraries;

    @Option(names = "--framework", paramLabel = "equinox|felix", defaultValue = "equinox",
            description = "The OSGi framework every edge runs on: felix (Apache Felix) or equinox (Eclipse Equinox)"
                    + " (default: ${DEFAULT-VALUE}).")
    String framework;

    /** Set by fleet itself when it re-launches as the JVM that hosts the frameworks. */
    @Option(names = "--hosted", hidden = true)
    boolean hosted;

    @Override
    public Integer call() {
        FleetPlan plan = toPlan();
        if (!plan.runtime().hosted()) {
            return HostJvm.relaunch(plan, argumentsOfRun()).code();
        }
        BindAgent.keepEdgeServersOn(plan.runtime().edgeBind(), "--edge-bind");
        return new FleetRun(plan).run().code();
    }

    /** The arguments this command was given, without the command name, for the hosting JVM. */
    private List<String> argumentsOfRun() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        return all.isEmpty() || !all.get(0).equals(spec.name()) ? all : all.subList(1, all.size());
    }

    FleetPlan toPlan() {
        RuntimeSettings runtime = new RuntimeSettings(
                Optional.ofNullable(startConcurrency).orElseGet(RuntimeSettings::defaultStartConcurrency),
                Optional.ofNullable(duration), stopGrace, Optional.ofNullable(httpPortBase), allBundles,
                librarySharing(), hosted, Check.localAddress("--edge-bind", edgeBind), mdns,
                OsgiFramework.of("--framework", framework));
        EdgeRange range = edges.toRange();
        TemplateSettings templateSettings = template.toSettings();
        if (!templateSettings.rendersHouseholds() && (profile != null || vary != null)) {
            throw FleetException.badInput((profile != null ? "--profile" : "--vary") + " applies to the built-in"
                    + " template only (its datasources and battery); --template " + templateSettings.directory()
                            .orElseThrow() + " keeps its own values: leave the option out");
        }
        templateSettings = templateSettings.withPasswords(TemplateSettings.EdgePasswords.of(edgePasswords))
                .withHouseholds(HouseholdSettings.of(profile, vary, range.count()));
        DatabaseSettings databaseSettings = database.toSettings();
        if (backend.withBackend() && backend.toSettings().uri().isPresent()) {
            throw FleetException.badInput("--with-backend runs fleet's own OpenEMS Backend, --backend names another one:"
                    + " pass one of them");
        }
        DashboardSettings dashboard = new DashboardSettings(dashboardPort, dashboardBind);
        // Last: they may download OpenEMS's jars, which no bad flag should cost.
        Path app = resolveEdgeApp();
        BackendSettings backendSettings = backend.toSettings(backend.withBackend() ? Optional.of(resolveBackend())
                : Optional.empty());
        return new FleetPlan(range, common.workDir(), app, templateSettings, runtime, databaseSettings,
                backendSettings, dashboard, common.verbose());
    }

    private RuntimeSettings.LibrarySharing librarySharing() {
        if (sharedLibraries == null) {
            return RuntimeSettings.LibrarySharing.DEFAULT;
        }
        if (sharedLibraries.equals("none")) {
            return RuntimeSettings.LibrarySharing.OFF;
        }
        return new RuntimeSettings.LibrarySharing(true, Optional.of(LaunchDir.resolve(sharedLibraries)));
    }

    /**
     * The OpenEMS Backend fleet runs: $FLEET_OPENEMS_BACKEND_JAR, ./openems-backend.jar, else the release's
     * openems-backend.jar; a 2026.2+ Backend also needs its edge-facing app, which OpenEMS does not attach to
     * releases: $FLEET_OPENEMS_BACKEND_EDGE_JAR or ./openems-backend-edge.jar.
     */
    private BackendSettings.BackendJars resolveBackend() {
        Path jar = fromEnvOrHere(BACKEND_ENV, "openems-backend.jar").orElseGet(() -> release.backendApp(hosted));
        BackendJarCheck.Layout layout;
        try {
            layout = BackendJarCheck.layout(jar);
        } catch (NotABackendApp e) {
            throw FleetException.badInput(e.getMessage() + sourceOf(jar, BACKEND_ENV));
        }
        if (layout == BackendJarCheck.Layout.SINGLE) {
            return new BackendSettings.BackendJars(jar, Optional.empty());
        }
        Path edgeApp = fromEnvOrHere(BACKEND_EDGE_ENV, "openems-backend-edge.jar").orElseThrow(() ->
                FleetException.badInput(jar + " is an OpenEMS Backend of 2026.2 or newer, whose edges connect to its"
                        + " edge-facing app openems-backend-edge.jar, which OpenEMS releases do not attach (only the"
                        + " Docker image openems/backend-edge): build it (./gradlew buildBackendEdge) and set $"
                        + BACKEND_EDGE_ENV + ", or put it into the current directory"));
        if (!BackendJarCheck.isBackendEdgeApp(edgeApp)) {
            throw FleetException.badInput(edgeApp + " is not OpenEMS's Backend.Edge.App (openems-backend-edge.jar)"
                    + sourceOf(edgeApp, BACKEND_EDGE_ENV));
        }
        return new BackendSettings.BackendJars(jar, Optional.of(edgeApp));
    }

    /** For messages: " (from $VAR)" when the jar came from that variable. */
    private static String sourceOf(Path jar, String env) {
        String fromEnv = System.getenv(env);
        return fromEnv != null && !fromEnv.isBlank() && LaunchDir.resolve(fromEnv).equals(jar) ? " (from $" + env + ")"
                : "";
    }

    private static Optional<Path> fromEnvOrHere(String env, String fileName) {
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path jar = LaunchDir.resolve(fromEnv);
            if (!Files.isRegularFile(jar)) {
                throw FleetException.badInput("$" + env + " names " + jar + ", which is not a file: fix or unset it");
            }
            return Optional.of(jar);
        }
        Path here = LaunchDir.resolve(fileName);
        return Files.isRegularFile(here) ? Optional.of(here) : Optional.empty();
    }

    /**
     * --edge-app, a release asked for by --openems-version or --openems-download-url, $FLEET_OPENEMS_EDGE_JAR,
     * ./openems-edge.jar, and else the release fleet is tested with, downloaded once into the user's cache.
     */
    private Path resolveEdgeApp() {
        if (edgeApp != null) {
            if (release.given()) {
                throw FleetException.badInput("--edge-app and --openems-version/--openems-download-url both choose the"
                        + " edge application: pass only one of them");
            }
            return edgeApp;
        }
        if (release.given()) {
            return release.edgeApp(hosted);
        }
        String fromEnv = System.getenv(EDGE_APP_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return LaunchDir.resolve(fromEnv);
        }
        Path here = LaunchDir.resolve("openems-edge.jar");
        if (Files.isRegularFile(here)) {
            return here;
        }
        return release.edgeApp(hosted);
    }
}
