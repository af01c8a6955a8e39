package fleet.household;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranges each edge's household is drawn from. Written by a user as a comma-separated list of
 * {@code key=min..max} (or {@code key=value}) overriding {@link #DEFAULT}, e.g.
 * {@code pv-peak-w=3000..12000,no-battery-percent=0}.
 *
 * @param pvPeakW          PV peak power, W
 * @param consumptionKwh   yearly consumption, kWh
 * @param batteryWh        battery capacity of households that have one, Wh
 * @param noBatteryPercent share of households without a battery, %
 * @param offsetMinutes    time offset of a household's day, minutes
 */
public record HouseholdRanges(IntRange pvPeakW, IntRange consumptionKwh, IntRange batteryWh, int noBatteryPercent,
        IntRange offsetMinutes) {

    public static final int MAX_OFFSET_MINUTES = 720;

    /** Homes with a rooftop PV system: 3–10 kW, 2 000–6 000 kWh a year, 5–15 kWh battery in three of four. */
    public static final HouseholdRanges DEFAULT = new HouseholdRanges(new IntRange(3_000, 10_000),
            new IntRange(2_000, 6_000), new IntRange(5_000, 15_000), 25, new IntRange(-60, 60));

    /** The keys a user writes, with the rule each value must follow. */
    static final Map<String, String> RULES = rules();

    private static Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("pv-peak-w", "W, 0..100000");
        rules.put("consumption-kwh", "kWh a year, 0..100000");
        rules.put("battery-wh", "Wh, 1000..200000");
        rules.put("no-battery-percent", "one number, 0..100");
        rules.put("offset-min", "minutes, -720..720");
        return rules;
    }

    public HouseholdRanges {
        within("pv-peak-w", pvPeakW, 0, 100_000);
        within("consumption-kwh", consumptionKwh, 0, 100_000);
        within("battery-wh", batteryWh, 1_000, 200_000);
        within("no-battery-percent", IntRange.of(noBatteryPercent), 0, 100);
        within("offset-min", offsetMinutes, -MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES);
    }

    private static void within(String key, IntRange range, int min, int max) {
        if (range.min() < min || range.max() > max) {
            throw new IllegalArgumentException(key + "=" + range + ": must be within " + min + ".." + max);
        }
    }

    /**
     * {@link #DEFAULT} with the user's overrides.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule, for anything else
     */
    public static HouseholdRanges parse(String overrides) {
        HouseholdRanges ranges = DEFAULT;
        if (overrides.isBlank()) {
            return ranges;
        }
        for (String item : overrides.split(",")) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item.strip() : item.substring(0, eq).strip();
            if (!RULES.containsKey(key) || eq < 0) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not key=min..max with a key of "
                        + String.join(", ", RULES.keySet()));
            }
            String value = item.substring(eq + 1).strip();
            IntRange range = range(key, value);
            ranges = switch (key) {
                case "pv-peak-w" -> new HouseholdRanges(range, ranges.consumptionKwh, ranges.batteryWh,
                        ranges.noBatteryPercent, ranges.offsetMinutes);
                case "consumption-kwh" -> new HouseholdRanges(ranges.pvPeakW, range, ranges.batteryWh,
                        ranges.noBatteryPercent, ranges.offsetMinutes);
                case "battery-wh" -> new HouseholdRanges(ranges.pvPeakW, ranges.consumptionKwh, range,
                        ranges.noBatteryPercent, ranges.offsetMinutes);
                case "no-battery-percent" -> {
                    if (range.min() != range.max()) {
                        throw new IllegalArgumentException(key + "=" + value + ": must be one number, 0..100");
                    }
                    yield new HouseholdRanges(ranges.pvPeakW, ranges.consumptionKwh, ranges.batteryWh, range.min(),
                            ranges.offsetMinutes);
                }
                default -> new HouseholdRanges(ranges.pvPeakW, ranges.consumptionKwh, ranges.batteryWh,
                        ranges.noBatteryPercent, range);
            };
        }
        return ranges;
    }

    private static IntRange range(String key, String value) {
        int dots = value.indexOf("..", 1);
        try {
            if (dots < 0) {
                return IntRange.of(Integer.parseInt(value));
            }
            int min = Integer.parseInt(value.substring(0, dots));
            int max = Integer.parseInt(value.substring(dots + 2));
            if (min > max) {
                throw new IllegalArgumentException(key + "=" + value + ": min is above max");
            }
            return new IntRange(min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": must be min..max or one number ("
                    + RULES.get(key) + ")");
        }
    }

    /** As a user would write all of them. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("pv-peak-w=" + pvPeakW);
        parts.add("consumption-kwh=" + consumptionKwh);
        parts.add("battery-wh=" + batteryWh);
        parts.add("no-battery-percent=" + noBatteryPercent);
        parts.add("offset-min=" + offsetMinutes);
        return String.join(",", parts);
    }
}
