package fleet.household;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DayProfileTest {

    private static final LocalDateTime MIDNIGHT_JUNE = LocalDateTime.of(2026, 6, 21, 0, 0);

    @Test
    void pvIsZeroAtNightHighestAroundNoonAndLowerInWinter() {
        int[] june = DayProfile.pv(10_000, MIDNIGHT_JUNE, 0, 0);
        assertEquals(DayProfile.SLOTS, june.length);
        assertEquals(0, june[slot(1, 0)], "01:00");
        assertEquals(0, june[slot(23, 0)], "23:00");
        int noon = june[slot(11, 55)];
        assertEquals(noon, Arrays.stream(june).max().orElseThrow(), "peak at solar noon");
        assertTrue(noon > 7_500 && noon < 8_500, "a 10 kW system gives ~80 % at a June noon: " + noon);
        int[] december = DayProfile.pv(10_000, LocalDateTime.of(2026, 12, 21, 0, 0), 0, 0);
        assertTrue(december[slot(11, 55)] < noon / 2, "December noon: " + december[slot(11, 55)]);
        assertEquals(0, december[slot(7, 0)], "no sun at 07:00 in December");
    }

    @Test
    void consumptionHasItsMeanAndMorningAndEveningPeaks() {
        int[] day = DayProfile.consumption(500, MIDNIGHT_JUNE, 0, 42);
        double mean = Arrays.stream(day).average().orElseThrow();
        assertEquals(500, mean, 15, "mean power = yearly energy / 8760 h");
        assertTrue(hourMean(day, 19) > 1.4 * hourMean(day, 15), "evening peak above the afternoon");
        assertTrue(hourMean(day, 8) > 2 * hourMean(day, 3), "morning above the night");
    }

    @Test
    void aProfileStartsAtTheSlotOfItsStartAndFollowsTheOffset() {
        LocalDateTime tenPast = MIDNIGHT_JUNE.withHour(13).withMinute(7).withSecond(31);
        int[] fromMidnight = DayProfile.pv(5_000, MIDNIGHT_JUNE, 0, 0);
        int[] fromThirteen = DayProfile.pv(5_000, tenPast, 0, 0);
        assertEquals(fromMidnight[slot(13, 5)], fromThirteen[0], "row 0 is 13:05-13:10");
        assertEquals(fromMidnight[slot(0, 0)], fromThirteen[DayProfile.SLOTS - slot(13, 5)], "then around the clock");
        int[] hourLater = DayProfile.pv(5_000, MIDNIGHT_JUNE, 60, 0);
        assertEquals(fromMidnight[slot(12, 0)], hourLater[slot(13, 0)], "+60 min: noon comes at 13:00");
    }

    private static int slot(int hour, int minute) {
        return (hour * 60 + minute) / 5;
    }

    private static double hourMean(int[] day, int hour) {
        return Arrays.stream(day, slot(hour, 0), slot(hour + 1, 0)).average().orElseThrow();
    }
}
