package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class QuietWindowTest {

    private static Instant at(String time) {
        return Instant.parse("2026-12-07T" + time + "Z");
    }

    @Test
    void aWindowThatFitsBeforeTheNextBoundaryStartsAtOnce() {
        assertEquals(Duration.ZERO, QuietWindow.delay(at("07:01:10"), Duration.ofSeconds(90)));
    }

    @Test
    void aWindowAcrossABoundaryWaitsUntilTheWriteIsOver() {
        // 07:04:20 + 90 s crosses 07:05:00: start at 07:06:00 instead
        assertEquals(Duration.ofSeconds(100), QuietWindow.delay(at("07:04:20"), Duration.ofSeconds(90)));
    }

    @Test
    void justAfterABoundaryWaitsForItsWriteToEnd() {
        assertEquals(Duration.ofSeconds(50), QuietWindow.delay(at("07:05:10"), Duration.ofSeconds(90)));
    }

    @Test
    void aWindowLongerThanTheGapIsNotDelayed() {
        assertEquals(Duration.ZERO, QuietWindow.delay(at("07:04:20"), Duration.ofMinutes(4)));
    }
}
