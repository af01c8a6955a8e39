package fleet.household;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HouseholdDrawTest {

    private static final long SEED = 0x5EEDL;

    private static List<Household> thousand(long seed, HouseholdRanges ranges) {
        HouseholdDraw draw = new HouseholdDraw(seed, ranges);
        return IntStream.range(0, 1000).mapToObj(i -> draw.draw("edge" + i)).toList();
    }

    @Test
    void thousandEdgesDrawWithinTheRangesDeterministicallyAndDifferently() {
        HouseholdRanges ranges = HouseholdRanges.DEFAULT;
        List<Household> first = thousand(SEED, ranges);
        assertEquals(first, thousand(SEED, ranges), "the same seed gives every edge the same household");
        assertNotEquals(first, thousand(SEED + 1, ranges), "another work dir's seed gives other households");
        for (Household h : first) {
            assertTrue(ranges.pvPeakW().contains(h.pvPeakW()), h.toString());
            assertTrue(ranges.consumptionKwh().contains(h.consumptionKwh()), h.toString());
            assertTrue(!h.hasBattery() || ranges.batteryWh().contains(h.batteryWh()), h.toString());
            assertTrue(ranges.offsetMinutes().contains(h.offsetMinutes()), h.toString());
        }
        Set<Household> distinct = new HashSet<>(first);
        assertTrue(distinct.size() > 990, "edges differ: " + distinct.size() + " distinct of 1000");
        long withoutBattery = first.stream().filter(h -> !h.hasBattery()).count();
        assertTrue(withoutBattery > 180 && withoutBattery < 320, "about a quarter without battery: " + withoutBattery);
        assertTrue(first.stream().mapToInt(Household::pvPeakW).min().orElseThrow() < 3_500
                && first.stream().mapToInt(Household::pvPeakW).max().orElseThrow() > 9_500, "the whole range is used");
    }

    @Test
    void anEdgeKeepsItsHouseholdWhenOthersAreAdded() {
        HouseholdDraw draw = new HouseholdDraw(SEED, HouseholdRanges.DEFAULT);
        Household edge7 = draw.draw("edge7");
        IntStream.range(0, 50).forEach(i -> draw.draw("edge" + i));
        assertEquals(edge7, draw.draw("edge7"));
    }

    @Test
    void fixedValuesAndNarrowRangesAreHonoured() {
        HouseholdRanges ranges = HouseholdRanges.parse("pv-peak-w=4321,consumption-kwh=3001..3003,no-battery-percent=100,"
                + "offset-min=0");
        for (Household h : thousand(SEED, ranges)) {
            assertEquals(4321, h.pvPeakW());
            assertTrue(h.consumptionKwh() >= 3001 && h.consumptionKwh() <= 3003, h.toString());
            assertEquals(0, h.batteryWh());
            assertEquals(0, h.offsetMinutes());
        }
    }
}
