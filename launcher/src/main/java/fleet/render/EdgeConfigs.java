package fleet.render;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fleet.FleetException;
import fleet.config.ConfigException;
import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.CoreSingletons;
import fleet.config.CoreUsers;
import fleet.config.EdgeRenderer;
import fleet.config.EdgeSpec;
import fleet.config.Placeholders;
import fleet.config.PlannedPort;
import fleet.config.PortPlan;
import fleet.config.RenderedEdge;
import fleet.config.Template;
import fleet.household.Household;
import fleet.household.HouseholdDraw;
import fleet.household.HouseholdRendering;
import fleet.household.HouseholdRoles;
import fleet.plan.EdgeRange;
import fleet.plan.TemplateSettings;
import fleet.workdir.EdgeCredentials;
import fleet.workdir.HouseholdFiles;
import fleet.workdir.WorkDir;

/**
 * The per-edge rendering stage: one template, rendered for every edge with its own PIDs, apikey,
 * backend URI and ports, and written into the edge's own {@code config.d} before its framework
 * starts. Deterministic from the fleet seed, so an edge keeps its identity across runs.
 */
public final class EdgeConfigs {

    private final Template template;
    private final EdgeRenderer renderer;
    private final TemplateSettings settings;
    private final WorkDir workDir;
    private final int firstIndex;

    private final long seed;
    /** The edge app runs OpenEMS's user service, whose passwords fleet sets per edge. */
    private final boolean coreUsers;

    private EdgeConfigs(Template template, TemplateSettings settings, int firstIndex, long seed, WorkDir workDir,
            List<Configuration> warmStart, boolean coreUsers) {
        this.template = template;
        this.coreUsers = coreUsers;
        this.settings = settings;
        this.firstIndex = firstIndex;
        this.seed = seed;
        this.workDir = workDir;
        try {
            this.renderer = new EdgeRenderer(template, seed,
                    PortPlan.perEdge(template, settings.portBase(), settings.portStride()), warmStart);
        } catch (ConfigException e) {
            throw FleetException.badInput(e.getMessage(), e);
        }
    }

    /**
     * These configurations, plus the singleton configurations OpenEMS would otherwise write on its
     * first start ({@link CoreSingletons}), for those the edge application has components for; and,
     * when it has OpenEMS's user service, every edge's own passwords in {@code Core.User}.
     *
     * @param componentPids the configuration PIDs of the application's components
     */
    public EdgeConfigs withWarmStart(Set<String> componentPids) {
        return new EdgeConfigs(template, settings, firstIndex, seed, workDir,
                CoreSingletons.warmStart(componentPids, cycleTimeMs()), componentPids.contains(CoreUsers.PID));
    }

    /** The cycle time every edge runs with: --cycle-time, else the template's, else OpenEMS's default. */
    public int cycleTimeMs() {
        return settings.cycleTimeMs(template.cycleTimeMs());
    }

    /**
     * Loads the template the settings name (or the built-in one) and prepares its port plan.
     *
     * @throws FleetException (bad input) for a broken template or a port plan that does not fit
     */
    public static EdgeConfigs load(TemplateSettings settings, EdgeRange edges, long seed, WorkDir workDir) {
        return new EdgeConfigs(loadTemplate(settings), settings, edges.first(), seed, workDir, List.of(), false);
    }

    /**
     * The template the settings name (or the built-in one), without its timedata when the settings say so.
     *
     * @throws FleetException (bad input) for a broken template
     */
    public static Template loadTemplate(TemplateSettings settings) {
        try {
            Template template = settings.directory().map(Template::load).orElseGet(Template::builtIn);
            return settings.keepTimedata() ? template : withTimedataDisabled(template);
        } catch (ConfigException e) {
            throw FleetException.badInput(e.getMessage(), e);
        }
    }

    /**
     * OpenEMS creates an enabled {@code Timedata.Rrd4j} by itself when no Rrd4j or InfluxDB
     * configuration exists (its ComponentManager's DefaultConfigurationWorker), so "no timedata" is
     * not "no configuration": every timedata configuration is rendered with {@code enabled=false}, and
     * a template without one gets a disabled Rrd4j. A disabled Rrd4j writes nothing, and answers
     * "no value" to the energy counters that start from timedata's last value, so they start at 0.
     */
    static Template withTimedataDisabled(Template template) {
        Template disabled = template.map(c -> isTimedata(c) ? c.with(Configuration.ENABLED, ConfigValue.of(false)) : c);
        if (template.configurations().stream().anyMatch(EdgeConfigs::isTimedata)) {
            return disabled;
        }
        return disabled.with(Configuration.builder()
                .put(Configuration.SERVICE_PID, DISABLED_RRD4J_PID)
                .put(Configuration.FACTORY_PID, RRD4J)
                .put(Configuration.ID, "rrd4j0")
                .put(Configuration.ENABLED, false)
                .build());
    }

    private static final String RRD4J = "Timedata.Rrd4j";
    /** Template-side PID of the disabled Rrd4j fleet adds; every edge renders its own PID from it. */
    private static final String DISABLED_RRD4J_PID = RRD4J + ".7e1f0b9a-fleet-timedata-none";

    private static boolean isTimedata(Configuration configuration) {
        return configuration.factoryPid().or(configuration::pid)
                .filter(pid -> pid.startsWith(TemplateSettings.TIMEDATA_PREFIX)).isPresent();
    }

    /**
     * Now, in the machine's standard time (without daylight saving): the sun, and with it the PV
     * profile, does not move its noon in summer.
     */
    static LocalDateTime sunClock() {
        Instant now = Instant.now();
        return LocalDateTime.ofInstant(now, ZoneId.systemDefault().getRules().getStandardOffset(now));
    }

    public String describe() {
        return template.source() + " (" + template.configurations().size() + " configurations, "
                + template.portSlots().size() + " ports per edge, cycle time " + cycleTimeMs() + " ms"
                + (settings.keepTimedata() ? "" : ", timedata disabled") + ")" + (settings.rendersHouseholds()
                        ? "; households: " + settings.households().profile().name().toLowerCase(java.util.Locale.ROOT)
                                + settings.households().vary().map(r -> ", each edge its own (" + r + ")")
                                        .orElse(", identical edges")
                        : "");
    }

    /**
     * The configuration PIDs the template configures: factory PIDs of factory configurations, PIDs of
     * singletons. Bundles that hold components for them are what the template needs.
     */
    public java.util.Set<String> configuredPids() {
        java.util.Set<String> pids = new java.util.TreeSet<>();
        template.configurations().forEach(c -> c.factoryPid().or(c::pid).ifPresent(pids::add));
        return pids;
    }

    /** Warnings from loading the template, e.g. configurations OpenEMS generates itself and fleet left out. */
    public List<String> warnings() {
        return template.warnings();
    }

    /**
     * Checks the ports of these edges: inside the fleet (the plan) and on this machine (something
     * else listening), before anything is rendered or started.
     */
    public void checkPorts(EdgeRange edges, Optional<Integer> httpPortBase) {
        checkPorts(edges, httpPortBase, Map.of());
    }

    /**
     * Also checks fleet's own fixed ports (dashboard, receiver), so that a port in use stops the run
     * before anything is registered or started.
     *
     * @param fleetPorts port → what uses it, e.g. "the dashboard (--dashboard-port)"
     */
    public void checkPorts(EdgeRange edges, Optional<Integer> httpPortBase, Map<Integer, String> fleetPorts) {
        List<PlannedPort> planned;
        try {
            planned = renderer.portPlan().ports(edges.first(), edges.count());
        } catch (ConfigException e) {
            throw FleetException.badInput(e.getMessage(), e);
        }
        Map<Integer, String> owners = new HashMap<>();
        planned.forEach(p -> owners.put(p.port(), p.toString()));
        fleetPorts.forEach((port, owner) -> {
            if (owners.containsKey(port)) {
                throw FleetException.badInput(owner + " wants port " + port + ", which "
                        + owners.get(port).replace(" " + port, "") + " gets from the port plan: choose another port"
                        + " for it, or another --port-base");
            }
        });
        PortProbe.requireFree(List.copyOf(fleetPorts.keySet()), fleetPorts::get, "choose another port with that option");
        httpPortBase.ifPresent(base -> edges.indexes().forEach(i -> {
            String previous = owners.put(base + i, EdgeRange.nameOf(i) + " Felix HTTP");
            if (previous != null) {
                throw FleetException.badInput("--http-port-base " + base + " gives " + EdgeRange.nameOf(i)
                        + " port " + (base + i) + ", which " + previous.replace(" " + (base + i), "")
                        + " also uses: choose a --http-port-base outside the --port-base range");
            }
        }));
        PortProbe.requireFree(List.copyOf(owners.keySet()), port -> owners.get(port).replace(" " + port, ""),
                "choose another --port-base" + (httpPortBase.isPresent() ? " / --http-port-base" : ""));
    }

    /**
     * The household an edge simulates: drawn from the fleet seed and its name ({@code --vary}), or
     * the reference household for identical edges; empty for a user's template.
     */
    public Optional<Household> household(String name) {
        if (!settings.rendersHouseholds()) {
            return Optional.empty();
        }
        return Optional.of(settings.households().vary().map(ranges -> new HouseholdDraw(seed, ranges).draw(name))
                .orElse(Household.REFERENCE));
    }

    /** Renders one edge and writes its {@code config.d}; returns what was rendered (ports, PIDs, apikey). */
    public RenderedEdge write(int index, String name, String apikey, URI backend) {
        WorkDir.EdgeDirs dirs = workDir.edge(name).create();
        // Only the first --debug-log-edges edges keep the per-cycle debug log: N edges would flood the disk.
        boolean debugLog = index - firstIndex < settings.debugLogEdges();
        EdgeSpec spec = new EdgeSpec(index, name, apikey, Optional.of(backend), debugLog,
                Map.of(Placeholders.LOG_DIR, dirs.logsDir().toString()));
        try {
            RenderedEdge rendered = renderer.render(spec);
            Optional<Household> household = household(name);
            if (household.isPresent()) {
                rendered = new HouseholdRendering(HouseholdRoles.BUILT_IN, settings.households().profile())
                        .apply(rendered, household.get(), sunClock());
                HouseholdFiles.writeEdge(dirs, household.get());
            }
            if (coreUsers) {
                rendered = rendered.withSingleton(CoreUsers.configuration(
                        settings.passwords() == TemplateSettings.EdgePasswords.GENERATED
                                ? EdgeCredentials.loadOrCreate(dirs) : CoreUsers.OPENEMS_DEFAULTS));
            }
            rendered.writeTo(dirs.configDir());
            return rendered;
        } catch (ConfigException e) {
            throw FleetException.badInput(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw FleetException.failure(e.getMessage(), e);
        }
    }
}
