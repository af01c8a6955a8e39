package fleet.household;

import java.util.List;
import java.util.Locale;

/**
 * The household one edge simulates: what its PV, its consumption and its battery look like.
 * Drawn per edge by {@link HouseholdDraw}; rendered into the edge's simulator configurations by
 * {@link HouseholdRendering}.
 *
 * @param pvPeakW         the PV system's peak power (both arrays together), W
 * @param consumptionKwh  yearly consumption, kWh (the day profile's mean power is this / 8760 h)
 * @param batteryWh       battery capacity, Wh; 0 = the household has no battery
 * @param offsetMinutes   the household's day runs this much later (negative: earlier) than the wall clock
 */
public record Household(int pvPeakW, int consumptionKwh, int batteryWh, int offsetMinutes) {

    /** The household of the built-in template as it always was: 5 kW PV, 4 380 kWh a year (500 W), 10 kWh. */
    public static final Household REFERENCE = new Household(5_000, 4_380, 10_000, 0);

    /** Column names of {@link #csvRow()}, in order. */
    public static final List<String> CSV_COLUMNS = List.of("pv_peak_w", "consumption_kwh_per_year", "battery_wh",
            "offset_minutes");

    public Household {
        if (pvPeakW < 0 || consumptionKwh < 0 || batteryWh < 0) {
            throw new IllegalArgumentException("a household's PV, consumption and battery are not negative: " + pvPeakW
                    + " W, " + consumptionKwh + " kWh, " + batteryWh + " Wh");
        }
        if (Math.abs(offsetMinutes) > HouseholdRanges.MAX_OFFSET_MINUTES) {
            throw new IllegalArgumentException("a household's time offset is within 12 hours: " + offsetMinutes);
        }
    }

    public boolean hasBattery() {
        return batteryWh > 0;
    }

    /** The mean power of the consumption profile, W. */
    public double meanConsumptionW() {
        return consumptionKwh * 1000.0 / 8760.0;
    }

    /** One JSON object, the way {@code household.json} holds it. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"pvPeakW\": %d, \"consumptionKwhPerYear\": %d, \"batteryWh\": %d,"
                + " \"offsetMinutes\": %d}", pvPeakW, consumptionKwh, batteryWh, offsetMinutes);
    }

    /** The values of {@link #CSV_COLUMNS}, comma-separated. */
    public String csvRow() {
        return pvPeakW + "," + consumptionKwh + "," + batteryWh + "," + offsetMinutes;
    }

    /** Short, for tables: {@code PV 6.2 kW · 3 900 kWh/a · battery 12 kWh · +15 min}. */
    public String summary() {
        return String.format(Locale.ROOT, "PV %.1f kW, %d kWh/a, %s, %+d min", pvPeakW / 1000.0, consumptionKwh,
                hasBattery() ? String.format(Locale.ROOT, "battery %.1f kWh", batteryWh / 1000.0) : "no battery",
                offsetMinutes);
    }
}
