package fleet.state;

import java.util.List;
import java.util.Map;

/**
 * OpenEMS's own view of one edge, read from inside the edge's framework: what its {@code _sum}
 * says, which components are configured but not active (OpenEMS's ComponentManager rule over the
 * SCR's view), whether its EdgeConfig — what the backend and the UI get — holds every component,
 * and the figures a user checks first.
 *
 * @param state         {@code _sum/State}: OK, INFO, WARNING or FAULT; null while unknown
 * @param notActivated  enabled components that are not active, by id, with SCR's reason as OpenEMS
 *                      words it ("Unsatisfied reference for ...")
 * @param edgeConfig    whether the EdgeConfig is complete
 * @param missing       active components the EdgeConfig lacks (when {@code edgeConfig} is INCOMPLETE)
 * @param cycleMillis   {@code _cycle/MeasuredCycleTime}: how long the last cycle's work took; null if unknown
 * @param productionW   {@code _sum/ProductionActivePower}, W
 * @param consumptionW  {@code _sum/ConsumptionActivePower}, W
 * @param gridW         {@code _sum/GridActivePower}, W (positive: buy from grid)
 * @param socPercent    {@code _sum/EssSoc}, %
 * @param healed        what fleet did once to get the edge unstuck, e.g. "re-activated ctrlX"; empty if nothing
 * @param energy        {@code _sum}'s energy counters
 * @param messages      when State is not Ok: the state channels that say why, in OpenEMS's words
 *                      ({@code "ctrlX/AwaitingHysteresis Info: Would change State, but hystesis is active"})
 */
public record EdgeHealth(String state, Map<String, String> notActivated, EdgeConfigCheck edgeConfig,
        List<String> missing, Integer cycleMillis, Integer productionW, Integer consumptionW, Integer gridW,
        Integer socPercent, String healed, EdgeEnergy energy, List<String> messages) {

    /** Whether the edge's EdgeConfig lists every active component. */
    public enum EdgeConfigCheck {
        /** Every active component is in it. */
        COMPLETE,
        /** Some active components are missing from it, or it was not built yet. */
        INCOMPLETE,
        /** The edge application has no OpenEMS ComponentManager (e.g. fleet's test edge app). */
        NOT_APPLICABLE,
        /** fleet could not read it (an OpenEMS whose internals differ from the ones fleet knows). */
        UNKNOWN
    }

    public static final String OK = "OK";
    /** OpenEMS's Level INFO: "everything is OK, but there is at least one informative message". */
    public static final String INFO = "INFO";
    public static final EdgeHealth UNKNOWN = new EdgeHealth(null, Map.of(), EdgeConfigCheck.UNKNOWN, List.of(), null,
            null, null, null, null, "", EdgeEnergy.NONE, List.of());

    public EdgeHealth {
        notActivated = Map.copyOf(notActivated);
        missing = List.copyOf(missing);
        energy = energy == null ? EdgeEnergy.NONE : energy;
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /**
     * OpenEMS says all is well: State Ok or Info (OpenEMS's own definition of Info: "everything is OK,
     * but there is at least one informative message"), every configured component active, EdgeConfig
     * complete.
     */
    public boolean healthy() {
        return stateWell() && notActivated.isEmpty()
                && (edgeConfig == EdgeConfigCheck.COMPLETE || edgeConfig == EdgeConfigCheck.NOT_APPLICABLE);
    }

    /** Why the edge is not healthy, in OpenEMS's words where it has them; empty when healthy. */
    public String problem() {
        if (healthy()) {
            return "";
        }
        StringBuilder why = new StringBuilder();
        if (state == null) {
            why.append("no _sum State yet");
        } else if (!stateWell()) {
            why.append("_sum State ").append(state);
            if (!messages.isEmpty()) {
                why.append(": ").append(String.join(", ", messages));
            }
        }
        notActivated.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(3).forEach(e -> append(why,
                e.getKey() + ": " + e.getValue()));
        if (notActivated.size() > 3) {
            append(why, "and " + (notActivated.size() - 3) + " more components not activated");
        }
        switch (edgeConfig) {
            case INCOMPLETE -> append(why, missing.isEmpty() ? "EdgeConfig not built yet"
                    : "EdgeConfig lacks " + String.join(", ", missing.stream().limit(6).toList())
                            + (missing.size() > 6 ? " and " + (missing.size() - 6) + " more" : ""));
            case UNKNOWN -> append(why, "EdgeConfig not readable by fleet");
            default -> {
            }
        }
        return why.toString();
    }

    private boolean stateWell() {
        return OK.equals(state) || INFO.equals(state);
    }

    private static void append(StringBuilder why, String part) {
        why.append(why.isEmpty() ? "" : "; ").append(part);
    }

    public EdgeHealth withHealed(String what) {
        return new EdgeHealth(state, notActivated, edgeConfig, missing, cycleMillis, productionW, consumptionW, gridW,
                socPercent, what, energy, messages);
    }
}
