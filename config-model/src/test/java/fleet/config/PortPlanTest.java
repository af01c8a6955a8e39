package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PortPlanTest {

    final Template template = Template.builtIn();

    @Test
    void edgeIGetsBasePlusIStridePlusSlot() {
        PortPlan plan = PortPlan.perEdge(template, 20_000, 10);
        assertEquals(List.of("edge0 ctrlApiRest0.port 20000", "edge0 ctrlApiWebsocket0.port 20001",
                "edge0 ctrlApiModbusTcp0.port 20002", "edge1 ctrlApiRest0.port 20010",
                "edge1 ctrlApiWebsocket0.port 20011", "edge1 ctrlApiModbusTcp0.port 20012"),
                plan.ports(0, 2).stream().map(PlannedPort::toString).toList());
        assertEquals(List.of(20_500, 20_501, 20_502), plan.ports(50, 1).stream().map(PlannedPort::port).toList());
    }

    @Test
    void strideSmallerThanThePortSlotsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> PortPlan.perEdge(template, 20_000, 2));
        assertEquals("--port-stride 2 is too small: the template built-in simulated-edge has 3 ports per edge"
                + " (ctrlApiRest0.port, ctrlApiWebsocket0.port, ctrlApiModbusTcp0.port); use --port-stride 3 or more",
                e.getMessage());
        PortPlan.perEdge(template, 20_000, 3);
    }

    @Test
    void portsBeyond65535AreRefusedBeforeAnythingIsRendered() {
        PortPlan plan = PortPlan.perEdge(template, 60_000, 10);
        plan.check(0, 554); // edge553's last port is 65532
        ConfigException e = assertThrows(ConfigException.class, () -> plan.check(0, 555));
        assertEquals("edge554 would get port 65542 for ctrlApiModbusTcp0.port, beyond 65535 (--port-base 60000 + 554"
                + " x --port-stride 10 + 2): lower --port-base or --port-stride, or use lower edge indexes",
                e.getMessage());
        assertThrows(ConfigException.class, () -> PortPlan.perEdge(template, 70_000, 10));
    }

    @Test
    void containersKeepTheTemplatesPorts() {
        PortPlan plan = PortPlan.asInTemplate(template);
        assertEquals(List.of(8084, 8085, 502, 8084, 8085, 502),
                plan.ports(0, 2).stream().map(PlannedPort::port).toList());
    }
}
