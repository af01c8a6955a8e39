package fleet.household;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Draws each edge's household from the ranges, deterministically from the fleet seed and the edge's
 * name: the same work dir gives every edge the same household on every run, and adding edges does
 * not change the households of the others.
 */
public final class HouseholdDraw {

    /** PV and battery come in steps a real installation has; consumption in 100 kWh, offsets in 5 min. */
    private static final int PV_STEP_W = 100;
    private static final int CONSUMPTION_STEP_KWH = 100;
    private static final int BATTERY_STEP_WH = 500;
    private static final int OFFSET_STEP_MIN = 5;

    private final long seed;
    private final HouseholdRanges ranges;

    public HouseholdDraw(long seed, HouseholdRanges ranges) {
        this.seed = seed;
        this.ranges = ranges;
    }

    public HouseholdRanges ranges() {
        return ranges;
    }

    public Household draw(String edgeName) {
        SplittableRandom random = new SplittableRandom(mix(edgeName));
        int pv = pick(random, ranges.pvPeakW(), PV_STEP_W);
        int consumption = pick(random, ranges.consumptionKwh(), CONSUMPTION_STEP_KWH);
        boolean battery = random.nextInt(100) >= ranges.noBatteryPercent();
        int capacity = pick(random, ranges.batteryWh(), BATTERY_STEP_WH);
        int offset = pick(random, ranges.offsetMinutes(), OFFSET_STEP_MIN);
        return new Household(pv, consumption, battery ? capacity : 0, offset);
    }

    /**
     * A value of the range on the step's grid where the grid has points inside the range, else any
     * value of it (a range narrower than one step).
     */
    static int pick(SplittableRandom random, IntRange range, int step) {
        int first = Math.ceilDiv(range.min(), step);
        int last = Math.floorDiv(range.max(), step);
        if (first > last) {
            return range.min() + random.nextInt(range.max() - range.min() + 1);
        }
        return (first + random.nextInt(last - first + 1)) * step;
    }

    /** SHA-256 of seed and name: names that differ in one character still get unrelated streams. */
    private long mix(String edgeName) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            sha.update("household".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(edgeName.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
