package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheFormsFleetWrites() {
        assertEquals(Duration.ofSeconds(60), Durations.parse("--steady", "60s"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("--steady", "45"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("--steady", "2m"));
        assertEquals(Duration.ofMillis(500), Durations.parse("--steady", "500ms"));
        assertEquals(Duration.ofHours(1), Durations.parse("--steady", "1H"));
    }

    @Test
    void namesOptionAndValueWhenItIsNoDuration() {
        BenchException e = assertThrows(BenchException.class, () -> Durations.parse("--settle", "soon"));
        assertEquals("--settle soon: not a duration; write e.g. 60s, 2m or 500ms", e.getMessage());
        assertEquals(BenchException.BAD_INPUT, e.exitCode());
        assertThrows(BenchException.class, () -> Durations.parse("--settle", "-5s"));
    }

    @Test
    void fleetGetsWholeSecondsRoundedUp() {
        assertEquals("60s", Durations.forFleet(Duration.ofSeconds(60)));
        assertEquals("2s", Durations.forFleet(Duration.ofMillis(1500)));
        assertEquals("1s", Durations.forFleet(Duration.ZERO));
    }
}
