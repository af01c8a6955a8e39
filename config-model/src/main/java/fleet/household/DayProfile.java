package fleet.household;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * A household's day in 5-minute slots, in W: consumption with a night low and morning and evening
 * peaks (shaped like the German H0 standard load profile), PV production from the sun's elevation
 * at 50° north on the day of the year (zero at night, lower in winter).
 *
 * <p>A profile starts at the slot that holds a given wall-clock time and runs for one day, so that
 * an OpenEMS datasource that steps one row every {@link #SLOT_SECONDS} from its start follows the
 * wall clock: OpenEMS's CSV datasources always start at their first row.
 */
public final class DayProfile {

    public static final int SLOT_SECONDS = 300;
    public static final int SLOTS = 24 * 3600 / SLOT_SECONDS;

    /**
     * Consumption by hour of the day (0–23), relative: a weekday of the H0 profile, read off its
     * published curve and rounded; normalised to a mean of 1 below.
     */
    private static final double[] CONSUMPTION_BY_HOUR = {0.62, 0.50, 0.45, 0.43, 0.43, 0.48, 0.70, 1.05, 1.15, 1.10,
            1.08, 1.15, 1.35, 1.25, 1.05, 0.95, 0.98, 1.15, 1.45, 1.65, 1.60, 1.40, 1.10, 0.82};
    private static final double CONSUMPTION_MEAN = mean(CONSUMPTION_BY_HOUR);
    /** Slot-to-slot variation of consumption: a kettle here, a washing machine there. */
    private static final double CONSUMPTION_NOISE = 0.15;

    private static final double LATITUDE = Math.toRadians(50);
    /** The share of its peak power a PV system gives with the sun overhead (losses, temperature). */
    private static final double PV_PERFORMANCE = 0.9;

    private DayProfile() {
    }

    /**
     * @param start         the wall-clock time of the datasource's first row
     * @param offsetMinutes the household's day runs this much later than the clock
     * @param noiseSeed     makes the variation of one household its own, and the same on every render
     */
    public static int[] consumption(double meanW, LocalDateTime start, int offsetMinutes, long noiseSeed) {
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        int[] values = new int[SLOTS];
        LocalDateTime first = slotStart(start);
        for (int i = 0; i < SLOTS; i++) {
            double hour = hourOfDay(first.plusSeconds((long) i * SLOT_SECONDS), offsetMinutes);
            double relative = interpolate(hour) / CONSUMPTION_MEAN;
            double jitter = 1 + CONSUMPTION_NOISE * (2 * noise.nextDouble() - 1);
            values[i] = (int) Math.round(meanW * relative * jitter);
        }
        return values;
    }

    /**
     * @param shiftMinutes where the array faces: negative = east (its noon comes earlier)
     */
    public static int[] pv(double peakW, LocalDateTime start, int offsetMinutes, int shiftMinutes) {
        int[] values = new int[SLOTS];
        LocalDateTime first = slotStart(start);
        for (int i = 0; i < SLOTS; i++) {
            LocalDateTime at = first.plusSeconds((long) i * SLOT_SECONDS);
            double hour = hourOfDay(at, offsetMinutes + shiftMinutes);
            values[i] = (int) Math.round(peakW * PV_PERFORMANCE * Math.max(0, sinElevation(at.getDayOfYear(), hour)));
        }
        return values;
    }

    /** The start of the 5-minute slot that holds this time. */
    public static LocalDateTime slotStart(LocalDateTime time) {
        LocalDateTime minute = time.truncatedTo(ChronoUnit.MINUTES);
        return minute.minusMinutes(minute.getMinute() % (SLOT_SECONDS / 60));
    }

    /** The household's hour of the day (0 ≤ h < 24) at the middle of the slot starting at {@code slot}. */
    private static double hourOfDay(LocalDateTime slot, int offsetMinutes) {
        double minutes = slot.getHour() * 60 + slot.getMinute() + SLOT_SECONDS / 120.0 - offsetMinutes;
        return Math.floorMod(Math.round(minutes * 10), 24 * 600) / 600.0;
    }

    /** Linear between the middles of the hours, around midnight too. */
    private static double interpolate(double hour) {
        double position = hour - 0.5;
        int below = (int) Math.floor(position);
        double weight = position - below;
        double a = CONSUMPTION_BY_HOUR[Math.floorMod(below, 24)];
        double b = CONSUMPTION_BY_HOUR[Math.floorMod(below + 1, 24)];
        return a + (b - a) * weight;
    }

    /** Sine of the sun's elevation at solar time {@code hour} (noon = 12) on a day of the year. */
    static double sinElevation(int dayOfYear, double hour) {
        double declination = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear) / 365.0);
        double hourAngle = Math.toRadians(15 * (hour - 12));
        return Math.sin(LATITUDE) * Math.sin(declination)
                + Math.cos(LATITUDE) * Math.cos(declination) * Math.cos(hourAngle);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
