package fleet.testedge.core.api;

import java.time.LocalDateTime;

/** One finished cycle start: when it ran, how long the previous cycle took, its number. */
public final class MeasuredCycleTime {

    public static final MeasuredCycleTime NONE = new MeasuredCycleTime(null, 0, 0);

    private final LocalDateTime timestamp;
    private final long millis;
    private final long cycleCount;

    public MeasuredCycleTime(LocalDateTime timestamp, long millis, long cycleCount) {
        this.timestamp = timestamp;
        this.millis = millis;
        this.cycleCount = cycleCount;
    }

    /** Local time of the latest cycle; null before the first one. */
    public LocalDateTime getTimestamp() {
        return timestamp;
    }

    /** Time between the starts of the latest two cycles, in milliseconds. */
    public long getMillis() {
        return millis;
    }

    public long getCycleCount() {
        return cycleCount;
    }

    @Override
    public String toString() {
        return "cycle " + cycleCount + " at " + timestamp + " (" + millis + " ms)";
    }
}
