package fleet.host;

import java.util.List;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.plan.FleetPlan;

/** Placeholder: re-launches fleet as the JVM that hosts the frameworks. */
public final class HostJvm {

    private HostJvm() {
    }

    public static ExitCode relaunch(FleetPlan plan, List<String> args) {
        throw FleetException.failure("not built yet");
    }
}
