package fleet.household;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.EdgeRenderer;
import fleet.config.EdgeSpec;
import fleet.config.Placeholders;
import fleet.config.PortPlan;
import fleet.config.RenderedEdge;
import fleet.config.Template;

class HouseholdRenderingTest {

    static final LocalDateTime NOW = LocalDateTime.of(2026, 6, 21, 13, 7);

    static RenderedEdge plain(int index) {
        Template template = Template.builtIn();
        EdgeRenderer renderer = new EdgeRenderer(template, 7L, PortPlan.perEdge(template, 20_000, 10));
        return renderer.render(new EdgeSpec(index, "edge" + index, "key" + index, Optional.empty(), true,
                Map.of(Placeholders.LOG_DIR, "/tmp/logs")));
    }

    private static Configuration byId(RenderedEdge edge, String id) {
        return edge.configurations().stream().filter(c -> c.componentId().orElse("").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(edge.name() + " has no " + id));
    }

    private static int[] rows(Configuration datasource) {
        return Arrays.stream(datasource.string("source").orElseThrow().split("\n")).mapToInt(Integer::parseInt)
                .toArray();
    }

    @Test
    void flatReferenceHouseholdIsTheTemplateAsItWas() {
        RenderedEdge edge = plain(3);
        RenderedEdge flat = new HouseholdRendering(HouseholdRoles.BUILT_IN, Profile.FLAT).apply(edge,
                Household.REFERENCE, NOW);
        assertEquals(edge.texts(), flat.texts(), "--profile flat --vary none renders today's identical edges");
    }

    @Test
    void flatScalesTheTemplatesLoops() {
        Household h = new Household(10_000, 2_190, 5_000, 0);
        RenderedEdge flat = new HouseholdRendering(HouseholdRoles.BUILT_IN, Profile.FLAT).apply(plain(0), h, NOW);
        assertEquals(ConfigValue.ofFloat(2f), byId(flat, "datasource1").get("factor").orElseThrow());
        assertEquals(ConfigValue.ofFloat(0.5f), byId(flat, "datasource0").get("factor").orElseThrow());
        assertEquals(ConfigValue.of(-1), byId(flat, "datasource0").get("timeDelta").orElseThrow(), "one row per cycle");
        Configuration ess = byId(flat, "ess0");
        assertEquals(ConfigValue.of(5_000), ess.get("capacity").orElseThrow());
        assertEquals(ConfigValue.of(5_000), ess.get("maxChargePower").orElseThrow(), "the template's C-rate");
    }

    @Test
    void realisticRendersADayThatStartsNow() {
        Household h = new Household(8_000, 3_504, 12_000, 0);
        RenderedEdge day = new HouseholdRendering(HouseholdRoles.BUILT_IN, Profile.REALISTIC).apply(plain(0), h, NOW);
        for (String id : new String[] {"datasource0", "datasource1", "datasource2"}) {
            Configuration c = byId(day, id);
            assertEquals(ConfigValue.of(DayProfile.SLOT_SECONDS), c.get("timeDelta").orElseThrow(), id);
            assertEquals(DayProfile.SLOTS, rows(c).length, id);
        }
        int[] consumption = rows(byId(day, "datasource0"));
        assertEquals(400, Arrays.stream(consumption).average().orElseThrow(), 15, "3 504 kWh a year = 400 W");
        int[] west = rows(byId(day, "datasource1"));
        int[] east = rows(byId(day, "datasource2"));
        int night = (23 - 13) * 12; // 23:05, ten hours after row 0 (13:05)
        assertEquals(0, west[night] + east[night], "no PV at night");
        assertTrue(west[0] > east[0], "afternoon: the west array gives more");
        assertTrue(west[0] + east[0] > 4_000, "8 kW at 13:05 in June: " + (west[0] + east[0]));
        assertEquals(ConfigValue.of(12_000), byId(day, "ess0").get("capacity").orElseThrow());
    }

    @Test
    void aHouseholdWithoutBatteryLosesTheBatteryAndWhatRefersToIt() {
        RenderedEdge edge = plain(0);
        RenderedEdge none = new HouseholdRendering(HouseholdRoles.BUILT_IN, Profile.REALISTIC).apply(edge,
                new Household(5_000, 4_000, 0, 0), NOW);
        Set<String> gone = new TreeSet<>(ids(edge));
        gone.removeAll(ids(none));
        assertEquals(Set.of("ess0", "ctrlBalancing0", "ctrlLimitTotalDischarge0", "ctrlChpSoc0"), gone);
        assertFalse(none.texts().values().stream().anyMatch(text -> text.contains("ess0")), "nothing refers to ess0");
        for (String controller : gone) {
            assertFalse(none.texts().values().stream().anyMatch(text -> text.contains(controller)), controller
                    + " is named nowhere: the scheduler's controllers.ids lose it too");
        }
        assertEquals(ConfigValue.ofStrings(), byId(none, "scheduler0").get("controllers.ids").orElseThrow());
    }

    @Test
    void aTemplateWithoutTheRolesIsRefusedByName() {
        RenderedEdge edge = plain(0).withConfigurations(c -> c.componentId().orElse("").equals("datasource2")
                ? Optional.empty() : Optional.of(c));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HouseholdRendering(
                HouseholdRoles.BUILT_IN, Profile.REALISTIC).apply(edge, Household.REFERENCE, NOW));
        assertEquals("edge0: the template has no component [datasource2] to render a household into", e.getMessage());
    }

    @Test
    void renderingTwiceGivesTheSameFiles() {
        HouseholdRendering rendering = new HouseholdRendering(HouseholdRoles.BUILT_IN, Profile.REALISTIC);
        Household h = new HouseholdDraw(1L, HouseholdRanges.DEFAULT).draw("edge5");
        assertEquals(rendering.apply(plain(5), h, NOW).texts(), rendering.apply(plain(5), h, NOW).texts());
    }

    private static Set<String> ids(RenderedEdge edge) {
        return edge.configurations().stream().flatMap(c -> c.componentId().stream()).collect(Collectors.toSet());
    }
}
