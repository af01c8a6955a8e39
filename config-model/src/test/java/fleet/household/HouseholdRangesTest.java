package fleet.household;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HouseholdRangesTest {

    @Test
    void overridesReplaceOnlyTheirKey() {
        HouseholdRanges r = HouseholdRanges.parse("pv-peak-w=1000..2000, offset-min=-30..-10");
        assertEquals(new IntRange(1000, 2000), r.pvPeakW());
        assertEquals(new IntRange(-30, -10), r.offsetMinutes());
        assertEquals(HouseholdRanges.DEFAULT.consumptionKwh(), r.consumptionKwh());
        assertEquals(HouseholdRanges.DEFAULT, HouseholdRanges.parse(HouseholdRanges.DEFAULT.toString()),
                "what toString says parses back");
    }

    @Test
    void badRangesNameKeyValueAndRule() {
        assertMessage("pv-peak-w=9000..3000: min is above max", "pv-peak-w=9000..3000");
        assertMessage("battery-wh=10..20: must be within 1000..200000", "battery-wh=10..20");
        assertMessage("no-battery-percent=101: must be within 0..100", "no-battery-percent=101");
        assertMessage("no-battery-percent=1..5: must be one number, 0..100", "no-battery-percent=1..5");
        assertMessage("consumption-kwh=lots: must be min..max or one number (kWh a year, 0..100000)",
                "consumption-kwh=lots");
        assertMessage("'pv=5' is not key=min..max with a key of pv-peak-w, consumption-kwh, battery-wh,"
                + " no-battery-percent, offset-min", "pv=5");
        assertMessage("offset-min=-800..0: must be within -720..720", "offset-min=-800..0");
    }

    private static void assertMessage(String expected, String overrides) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> HouseholdRanges.parse(overrides))
                .getMessage());
    }
}
