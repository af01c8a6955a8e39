package fleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.state.EdgeHealth.EdgeConfigCheck;

class EdgeHealthTest {

    private static final String HYSTERESIS =
            "ctrlChannelSingleThreshold0/AwaitingHysteresis INFO: Would change State, but hystesis is active";

    @Test
    void infoIsHealthyAsOpenemsDefinesItAndKeepsItsMessages() {
        // OpenEMS's Level INFO: "everything is OK, but there is at least one informative message"
        EdgeHealth info = health("INFO", List.of(HYSTERESIS));
        assertTrue(info.healthy(), info.toString());
        assertEquals("", info.problem());
        assertEquals(List.of(HYSTERESIS), info.messages());
    }

    @Test
    void warningAndFaultAreNotHealthyAndTheProblemNamesWhy() {
        String message = "ess0/SomeWarning WARNING: Battery too warm";
        EdgeHealth warning = health("WARNING", List.of(message, HYSTERESIS));
        assertFalse(warning.healthy());
        assertEquals("_sum State WARNING: " + message + ", " + HYSTERESIS, warning.problem());
        assertFalse(health("FAULT", List.of()).healthy());
        assertEquals("_sum State FAULT", health("FAULT", List.of()).problem());
        assertFalse(health(null, List.of()).healthy());
    }

    @Test
    void okWithAComponentNotActivatedIsNotHealthy() {
        EdgeHealth health = new EdgeHealth("OK", Map.of("meter1", "Unsatisfied reference for datasource"),
                EdgeConfigCheck.COMPLETE, List.of(), null, null, null, null, null, "", null, null);
        assertFalse(health.healthy());
        assertEquals("meter1: Unsatisfied reference for datasource", health.problem());
        assertEquals(List.of(), health.messages());
    }

    private static EdgeHealth health(String state, List<String> messages) {
        return new EdgeHealth(state, Map.of(), EdgeConfigCheck.COMPLETE, List.of(), 12, 0, 1158, 0, 50, "",
                EdgeEnergy.NONE, messages);
    }
}
