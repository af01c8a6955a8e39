package fleet.run;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.plan.FleetPlan;

/** Placeholder: one fleet run, start to stop. */
public final class FleetRun {

    private final FleetPlan plan;

    public FleetRun(FleetPlan plan) {
        this.plan = plan;
    }

    public ExitCode run() {
        throw FleetException.failure("not built yet: " + plan.edges());
    }
}
