package fleet.testedge.simulator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Simulator.ProductionMeter.Acting}: takes its active power from a datasource each cycle.
 * The reference is named {@code datasource}, so the configuration's {@code datasource.target} LDAP
 * filter selects which datasource it binds; if nothing matches, the component stays unsatisfied.
 * {@code datasource.id} is informational, as in OpenEMS (the filter is what counts).
 */
@Component(name = ProductionMeterActing.PID, configurationPid = ProductionMeterActing.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = { CycleListener.class, TestEdgeComponent.class },
        property = { "id=meter0", "enabled:Boolean=true" })
public class ProductionMeterActing implements CycleListener, TestEdgeComponent {

    static final String PID = "Simulator.ProductionMeter.Acting";

    public @interface Config {
        String id() default "meter0";

        String datasource_id() default "datasource0";
    }

    @Reference(name = "datasource")
    private Datasource datasource;

    private String id;
    private volatile int activePower;

    @Activate
    void activate(Config config) {
        id = config.id();
    }

    @Override
    public void onCycle(MeasuredCycleTime cycle) {
        activePower = datasource.valueAt(cycle.getCycleCount());
    }

    /** Active power in W, taken from the datasource in the latest cycle. */
    public int getActivePower() {
        return activePower;
    }

    @Override
    public String id() {
        return id;
    }
}
