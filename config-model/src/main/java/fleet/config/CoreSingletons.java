package fleet.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The singleton configurations OpenEMS writes on its very first start, rendered before it starts
 * so that no fleet start is a first start.
 *
 * <p>Each of OpenEMS's singleton components calls {@code OpenemsComponent.validateSingleton} in its
 * activation: without a configuration it creates one ({@code id} and {@code alias}), aborts its
 * activation and is activated again by ConfigAdmin. While that churn lasts, the ComponentManager's
 * EdgeConfig worker may build its first EdgeConfig without these components (they are neither
 * active nor configured yet), and it only ever adds them back on a full rebuild: the edge then
 * reports an EdgeConfig without {@code _sum}, {@code _cycle}, ... for its whole run ("Component
 * [_sum] was missing!"). With the configuration already there, each singleton activates once and
 * is part of the EdgeConfig from its first build. The properties are exactly those
 * {@code validateSingleton} writes; everything else keeps OpenEMS's defaults.
 */
public final class CoreSingletons {

    /** The PID of the cycle, whose {@code cycleTime} fleet sets. */
    public static final String CYCLE = "Core.Cycle";
    public static final String CYCLE_TIME = "cycleTime";
    /** OpenEMS's default cycle time ({@code Cycle.DEFAULT_CYCLE_TIME}), in milliseconds. */
    public static final int DEFAULT_CYCLE_TIME_MS = 1000;
    static final String ALIAS = "alias";

    /**
     * PID → component id of every singleton that OpenEMS creates through {@code validateSingleton}
     * and that runs without a configuration ({@code Simulator.App} needs one and is left out). From
     * the {@code SINGLETON_SERVICE_PID}/{@code SINGLETON_COMPONENT_ID} constants of edge.common,
     * edge.core, ess.core, energy.api, evcs.core and predictor.api.
     */
    static final Map<String, String> KNOWN = known();

    /**
     * The singletons of the bundles every OpenEMS Edge application runs (edge.core, ess.core): for
     * configurations rendered without knowing the application, e.g. for containers.
     */
    public static final Set<String> IN_EVERY_OPENEMS_EDGE = Set.of("Core.ComponentManager", CYCLE, "Core.Host",
            "Core.Meta", "Core.PredictorManager", "Core.SerialNumber", "Core.Sum", "Core.AppManager", "Ess.Power");

    private CoreSingletons() {
    }

    private static Map<String, String> known() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Core.ComponentManager", "_componentManager");
        m.put(CYCLE, "_cycle");
        m.put("Core.Host", "_host");
        m.put("Core.Meta", "_meta");
        m.put("Core.PredictorManager", "_predictorManager");
        m.put("Core.SerialNumber", "_serialNumber");
        m.put("Core.Sum", "_sum");
        m.put("Core.AppManager", "_appManager");
        m.put("Core.Energy", "_energy");
        m.put("Ess.Power", "_power");
        m.put("Evcs.SlowPowerIncreaseFilter", "_evcsSlowPowerIncreaseFilter");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** True for a PID this class renders. */
    public static boolean isKnown(String pid) {
        return KNOWN.containsKey(pid);
    }

    /**
     * The warm-start configurations for the singletons the edge application has components for.
     *
     * @param available   the configuration PIDs the application's components use (a configuration for
     *                    a component that is not installed would show up as a phantom in the EdgeConfig)
     * @param cycleTimeMs the cycle time to put into {@code Core.Cycle}
     */
    public static List<Configuration> warmStart(Set<String> available, int cycleTimeMs) {
        List<Configuration> result = new ArrayList<>();
        KNOWN.forEach((pid, id) -> {
            if (!available.contains(pid)) {
                return;
            }
            Configuration c = Configuration.builder().put(Configuration.SERVICE_PID, ConfigValue.of(pid))
                    .put(Configuration.ID, ConfigValue.of(id)).put(ALIAS, ConfigValue.of(pid)).build();
            if (pid.equals(CYCLE)) {
                c = c.with(CYCLE_TIME, ConfigValue.of(cycleTimeMs));
            }
            result.add(c);
        });
        return result;
    }
}
