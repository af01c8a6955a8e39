package fleet.testedge.simulator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Simulator.Datasource.Single.Direct}: serves its {@code values} one per cycle, round robin.
 * The service carries the configuration's {@code id} and {@code enabled}, which meters select it by
 * with their {@code datasource.target} filter.
 */
@Component(name = SingleDirectDatasource.PID, configurationPid = SingleDirectDatasource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = { Datasource.class, TestEdgeComponent.class },
        property = { "id=datasource0", "enabled:Boolean=true" })
public class SingleDirectDatasource implements Datasource, TestEdgeComponent {

    static final String PID = "Simulator.Datasource.Single.Direct";

    public @interface Config {
        String id() default "datasource0";

        int[] values() default {};
    }

    private String id;
    private int[] values;

    @Activate
    void activate(Config config) {
        id = config.id();
        values = config.values().clone();
    }

    @Override
    public int valueAt(long cycleCount) {
        return values.length == 0 ? 0 : values[(int) Math.floorMod(cycleCount, (long) values.length)];
    }

    @Override
    public String id() {
        return id;
    }
}
