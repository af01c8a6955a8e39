package fleet.testedge.core.sum;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Core.Sum}: the edge's overall state, read by fleet the way it reads OpenEMS's {@code _sum}
 * ({@code getState()} returning an enum named OK, INFO, WARNING or FAULT). Its {@code state}
 * property lets a test make an edge unhealthy on purpose.
 */
@Component(name = SumImpl.PID, configurationPid = SumImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = { SumImpl.class, TestEdgeComponent.class }, property = { "id=_sum" })
public class SumImpl implements TestEdgeComponent {

    static final String PID = "Core.Sum";

    /** The levels of OpenEMS's {@code io.openems.common.channel.Level}. */
    public enum Level {
        OK, INFO, WARNING, FAULT
    }

    public @interface Config {
        Level state() default Level.OK;
    }

    private volatile Level state = Level.OK;
    private final long activatedNanos = System.nanoTime();

    @Activate
    @Modified
    void activate(Config config) {
        state = config.state();
    }

    /**
     * Stand-ins for OpenEMS's energy counters ({@code getProductionActiveEnergy()} and the like, Wh):
     * production grows by one Wh per second since activation, consumption by two, so fleet's tests see
     * counters that grow; the real figures come from OpenEMS's Sum.
     */
    public Long getProductionActiveEnergy() {
        return secondsActive();
    }

    public Long getConsumptionActiveEnergy() {
        return 2 * secondsActive();
    }

    private long secondsActive() {
        return (System.nanoTime() - activatedNanos) / 1_000_000_000L;
    }

    public Level getState() {
        return state;
    }

    @Override
    public String id() {
        return "_sum";
    }
}
