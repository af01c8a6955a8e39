package fleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.Template;

class TimedataNoneTest {

    private static List<Configuration> timedata(Template template) {
        return template.configurations().stream()
                .filter(c -> c.factoryPid().or(c::pid).orElse("").startsWith("Timedata.")).toList();
    }

    @Test
    void theTemplatesTimedataIsDisabledNotDropped() {
        Template builtIn = Template.builtIn();
        Template none = EdgeConfigs.withTimedataDisabled(builtIn);
        assertEquals(builtIn.configurations().size(), none.configurations().size());
        assertEquals(1, timedata(none).size());
        assertEquals(Optional.of(ConfigValue.of(false)), timedata(none).get(0).get("enabled"));
        assertEquals(timedata(builtIn).get(0).pid(), timedata(none).get(0).pid(), "same PID: re-runs stay stable");
    }

    @Test
    void aTemplateWithoutTimedataGetsADisabledRrd4jSoThatOpenemsCreatesNone() {
        Template without = Template.builtIn().without(c -> c.factoryPid().orElse("").startsWith("Timedata."));
        Template none = EdgeConfigs.withTimedataDisabled(without);
        assertEquals(1, timedata(none).size());
        Configuration rrd4j = timedata(none).get(0);
        assertEquals(Optional.of("Timedata.Rrd4j"), rrd4j.factoryPid());
        assertEquals(Optional.of("rrd4j0"), rrd4j.componentId());
        assertEquals(Optional.of(ConfigValue.of(false)), rrd4j.get("enabled"));
    }
}
