package fleet.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the steady window goes: away from OpenEMS's rrd4j writes. rrd4j consolidates on 5-minute
 * steps of the wall clock, and the first write of a run creates every edge's files (about 55 % of
 * the hosting JVM's CPU for a while at 50 edges): a window across such a boundary measures rrd4j,
 * not the fleet's steady state.
 */
final class QuietWindow {

    static final Duration STEP = Duration.ofMinutes(5);
    /** Kept clear before a boundary and after it. */
    static final Duration BEFORE = Duration.ofSeconds(5);
    static final Duration AFTER = Duration.ofSeconds(60);

    private QuietWindow() {
    }

    /** How long to wait from {@code now} so that a window of {@code length} touches no boundary's busy time. */
    static Duration delay(Instant now, Duration length) {
        if (length.plus(BEFORE).plus(AFTER).compareTo(STEP) > 0) {
            return Duration.ZERO; // cannot fit between two boundaries: measure as it comes
        }
        long step = STEP.toMillis();
        long start = now.toEpochMilli();
        long previous = Math.floorDiv(start, step) * step;
        long quietFrom = previous + AFTER.toMillis();
        long quietUntil = previous + step - BEFORE.toMillis();
        if (start < quietFrom) {
            return Duration.ofMillis(quietFrom - start);
        }
        if (start + length.toMillis() <= quietUntil) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(previous + step + AFTER.toMillis() - start);
    }
}
