package fleet.household;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.RenderedEdge;
import fleet.config.ValueType;

/**
 * Renders a household into one edge's simulator configurations. The datasources are OpenEMS's
 * {@code Simulator.Datasource.CSV.Direct}: the template's source (a short loop, one row per cycle)
 * is kept and scaled by {@code factor} for {@link Profile#FLAT}; {@link Profile#REALISTIC} replaces
 * it with one day in 5-minute rows ({@code timeDelta=300}) that starts at the current slot. The
 * battery gets the household's capacity (and power in the template's proportion), or is left out,
 * with every component that refers to it, when the household has none.
 */
public final class HouseholdRendering {

    public static final String CSV_DIRECT = "Simulator.Datasource.CSV.Direct";
    private static final String ESS = "Simulator.EssSymmetric.Reacting";

    private final HouseholdRoles roles;
    private final Profile profile;

    public HouseholdRendering(HouseholdRoles roles, Profile profile) {
        this.roles = roles;
        this.profile = profile;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * @param now the wall-clock time (in the zone's standard time: the sun does not follow daylight
     *            saving) the edge's datasources start at
     * @throws IllegalArgumentException if the edge lacks a component of the roles
     */
    public RenderedEdge apply(RenderedEdge edge, Household household, LocalDateTime now) {
        Set<String> found = new HashSet<>();
        Set<String> leftOut = household.hasBattery() ? Set.of() : batteryAndItsUsers(edge);
        RenderedEdge rendered = edge.withConfigurations(c -> {
            String id = c.componentId().orElse("");
            if (leftOut.contains(id)) {
                found.add(id);
                return Optional.empty();
            }
            if (id.equals(roles.consumption())) {
                found.add(id);
                return Optional.of(consumption(c, household, now));
            }
            if (roles.pvArrays().containsKey(id)) {
                found.add(id);
                return Optional.of(pv(c, household, now, roles.pvArrays().get(id)));
            }
            if (id.equals(roles.battery())) {
                found.add(id);
                return Optional.of(battery(c, household.batteryWh()));
            }
            return Optional.of(leftOut.isEmpty() ? c : withoutIds(c, leftOut));
        });
        Set<String> expected = new HashSet<>(roles.pvArrays().keySet());
        expected.add(roles.consumption());
        expected.add(roles.battery());
        expected.removeAll(found);
        if (!expected.isEmpty()) {
            throw new IllegalArgumentException(edge.name() + ": the template has no component " + expected
                    + " to render a household into");
        }
        return rendered;
    }

    /** The battery and every component whose configuration names it (an ess.id, a target filter, ess0/Soc). */
    private Set<String> batteryAndItsUsers(RenderedEdge edge) {
        Pattern reference = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(roles.battery())
                + "(?![A-Za-z0-9_])");
        Set<String> ids = new HashSet<>();
        ids.add(roles.battery());
        for (Configuration c : edge.configurations()) {
            if (c.componentId().isPresent() && refersTo(c, reference)) {
                ids.add(c.componentId().get());
            }
        }
        return ids;
    }

    /**
     * The configuration without list entries that name a component left out, e.g. the scheduler's
     * {@code controllers.ids}: OpenEMS would warn every cycle that the controller is missing.
     */
    private static Configuration withoutIds(Configuration c, Set<String> ids) {
        Configuration changed = c;
        for (var property : c.properties().entrySet()) {
            if (property.getValue() instanceof ConfigValue.Array array && array.type() == ValueType.STRING
                    && array.elements().stream().anyMatch(ids::contains)) {
                changed = changed.with(property.getKey(), new ConfigValue.Array(ValueType.STRING, array.primitive(),
                        array.elements().stream().filter(e -> !ids.contains(e)).toList()));
            }
        }
        return changed;
    }

    private Configuration consumption(Configuration c, Household household, LocalDateTime now) {
        requireCsvDirect(c);
        double factor = household.consumptionKwh() / (double) Household.REFERENCE.consumptionKwh();
        if (profile == Profile.FLAT) {
            return scaled(c, factor);
        }
        // From the household's values, not hashCode (whose algorithm a record leaves unspecified): the same
        // household renders the same day on every JDK.
        long noiseSeed = ((31L * household.pvPeakW() + household.consumptionKwh()) * 31 + household.batteryWh()) * 31
                + household.offsetMinutes();
        return day(c, DayProfile.consumption(household.meanConsumptionW(), now, household.offsetMinutes(), noiseSeed));
    }

    private Configuration pv(Configuration c, Household household, LocalDateTime now, int shiftMinutes) {
        requireCsvDirect(c);
        if (profile == Profile.FLAT) {
            return scaled(c, household.pvPeakW() / (double) Household.REFERENCE.pvPeakW());
        }
        double arrayPeak = household.pvPeakW() / (double) roles.pvArrays().size();
        return day(c, DayProfile.pv(arrayPeak, now, household.offsetMinutes(), shiftMinutes));
    }

    /** Keeps the template's loop; a factor of exactly 1 leaves the configuration as the template has it. */
    private static Configuration scaled(Configuration c, double factor) {
        if (factor == 1.0) {
            return c;
        }
        return c.with("factor", ConfigValue.ofFloat((float) factor));
    }

    private static Configuration day(Configuration c, int[] values) {
        StringJoiner rows = new StringJoiner("\n");
        for (int v : values) {
            rows.add(Integer.toString(v));
        }
        return c.with("source", ConfigValue.of(rows.toString()))
                .with("timeDelta", ConfigValue.of(DayProfile.SLOT_SECONDS))
                .with("factor", ConfigValue.ofFloat(1f));
    }

    private static Configuration battery(Configuration c, int capacityWh) {
        if (!c.factoryPid().orElse("").equals(ESS)) {
            throw new IllegalArgumentException(c.pid().orElse("?") + ": the battery of a household is a " + ESS);
        }
        int templateCapacity = intValue(c, "capacity");
        if (templateCapacity == capacityWh) {
            return c;
        }
        Configuration changed = c.with("capacity", ConfigValue.of(capacityWh));
        // The template's C-rate: a 5 kWh battery does not charge with 10 kW.
        for (String power : new String[] {"maxApparentPower", "maxChargePower", "maxDischargePower"}) {
            if (c.get(power).isPresent()) {
                long scaled = Math.max(100, Math.round((double) intValue(c, power) * capacityWh / templateCapacity));
                changed = changed.with(power, ConfigValue.of((int) scaled));
            }
        }
        return changed;
    }

    private static int intValue(Configuration c, String key) {
        return c.get(key).filter(v -> v instanceof ConfigValue.Scalar s && s.value() instanceof Number)
                .map(v -> ((Number) ((ConfigValue.Scalar) v).value()).intValue()).orElseThrow(() -> new IllegalArgumentException(c.pid()
                        .orElse("?") + " has no whole-number " + key));
    }

    private static void requireCsvDirect(Configuration c) {
        if (!c.factoryPid().orElse("").equals(CSV_DIRECT)) {
            throw new IllegalArgumentException(c.pid().orElse("?") + ": a household's datasource is a " + CSV_DIRECT
                    + ", not " + c.factoryPid().orElse("a singleton"));
        }
    }

    private static boolean refersTo(Configuration c, Pattern reference) {
        return c.properties().values().stream().flatMap(value -> value.strings().stream())
                .anyMatch(text -> reference.matcher(text).find());
    }

    @Override
    public String toString() {
        return profile.name().toLowerCase(Locale.ROOT);
    }
}
