package fleet.testedge.simulator;

import java.util.Arrays;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Simulator.Datasource.CSV.Direct}, as OpenEMS's: {@code source} holds one value per line
 * (first column), multiplied by {@code factor}; with {@code timeDelta} > 0 a row lasts that many
 * seconds from activation, else one cycle.
 */
@Component(name = CsvDirectDatasource.PID, configurationPid = CsvDirectDatasource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = { Datasource.class, TestEdgeComponent.class },
        property = { "id=datasource0", "enabled:Boolean=true" })
public class CsvDirectDatasource implements Datasource, TestEdgeComponent {

    static final String PID = "Simulator.Datasource.CSV.Direct";

    public @interface Config {
        String id() default "datasource0";

        String source() default "0";

        int timeDelta() default -1;

        float factor() default 1;
    }

    private String id;
    private int[] values;
    private int timeDelta;
    private long activatedNanos;

    @Activate
    void activate(Config config) {
        id = config.id();
        timeDelta = config.timeDelta();
        float factor = config.factor();
        values = Arrays.stream(config.source().split("\\r?\\n")).map(line -> line.split("[;,]")[0].strip())
                .filter(first -> !first.isEmpty()).mapToInt(first -> Math.round(Float.parseFloat(first) * factor))
                .toArray();
        activatedNanos = System.nanoTime();
    }

    @Override
    public int valueAt(long cycleCount) {
        if (values.length == 0) {
            return 0;
        }
        long row = timeDelta > 0 ? (System.nanoTime() - activatedNanos) / 1_000_000_000L / timeDelta : cycleCount;
        return values[(int) Math.floorMod(row, (long) values.length)];
    }

    @Override
    public String id() {
        return id;
    }
}
