package fleet.state;

import java.time.Instant;

import fleet.household.Household;

/**
 * Everything fleet knows about one edge at one moment. Immutable: producers replace it through
 * {@link FleetState#update}, observers read snapshots.
 *
 * @param name           edge name, e.g. edge7
 * @param index          edge index
 * @param apikeyPrefix   first characters of the apikey (never the whole key)
 * @param ports          listening ports
 * @param framework      framework lifecycle state
 * @param failure        why the framework failed; empty otherwise
 * @param stateSince     when the framework entered its state
 * @param bundlesActive  bundles in state ACTIVE
 * @param bundlesTotal   bundles installed
 * @param components     DS components by state
 * @param edgeConnection the edge's own view of its backend connection
 * @param lastCycle      time of the edge's latest cycle, if known
 * @param backend        the backend side's view
 * @param onlineSince    when the edge last became online; null when not online
 * @param backendCutUntil until when fleet keeps this edge's backend connection cut (fault
 *                       injection through {@link fleet.control.FleetControl#cutBackend}); null
 *                       when it was never cut. Kept after it passed, so observers compare with now.
 * @param health         OpenEMS's own view of the edge, read from inside it
 * @param household      the household fleet rendered into the edge's simulators; null when the
 *                       template is not the built-in one
 */
public record EdgeStatus(String name, int index, String apikeyPrefix, EdgePorts ports, FrameworkState framework,
        String failure, Instant stateSince, int bundlesActive, int bundlesTotal, ComponentCounts components,
        EdgeConnection edgeConnection, Instant lastCycle, BackendSide backend, Instant onlineSince,
        Instant backendCutUntil, EdgeHealth health, Household household) {

    public static EdgeStatus pending(String name, int index, String apikeyPrefix, EdgePorts ports) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, FrameworkState.PENDING, "", Instant.now(), 0, 0,
                ComponentCounts.NONE, EdgeConnection.UNKNOWN, null, BackendSide.UNKNOWN, null, null, EdgeHealth.UNKNOWN, null);
    }

    /**
     * Online means both sides agree: the edge's backend controller says it is connected and the
     * backend side confirms it (the receiver has data, or openems_is_connected is true).
     */
    public boolean online() {
        return framework == FrameworkState.ACTIVE && edgeConnection == EdgeConnection.CONNECTED && backend.online();
    }

    /** Online, and OpenEMS itself says the edge is well ({@link EdgeHealth#healthy()}). */
    public boolean healthy() {
        return online() && health.healthy();
    }

    public EdgeStatus withHealth(EdgeHealth health) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, bundlesActive,
                bundlesTotal, components, edgeConnection, lastCycle, backend, onlineSince, backendCutUntil, health, household);
    }

    public EdgeStatus withFramework(FrameworkState state, String why) {
        if (state == framework && why.equals(failure)) {
            return this;
        }
        boolean running = state == FrameworkState.ACTIVE;
        return new EdgeStatus(name, index, apikeyPrefix, ports, state, why, Instant.now(),
                running ? bundlesActive : 0, bundlesTotal, running ? components : ComponentCounts.NONE,
                running ? edgeConnection : EdgeConnection.UNKNOWN, lastCycle, backend, onlineSince, backendCutUntil,
                running ? health : EdgeHealth.UNKNOWN, household);
    }

    public EdgeStatus withProbe(int active, int total, ComponentCounts counts, EdgeConnection connection,
            Instant cycle) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, active, total, counts,
                connection, cycle, backend, onlineSince, backendCutUntil, health, household);
    }

    public EdgeStatus withBackend(BackendSide side) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, bundlesActive,
                bundlesTotal, components, edgeConnection, lastCycle, side, onlineSince, backendCutUntil, health, household);
    }

    public EdgeStatus withHousehold(Household drawn) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, bundlesActive,
                bundlesTotal, components, edgeConnection, lastCycle, backend, onlineSince, backendCutUntil, health, drawn);
    }

    /** Records a cut of the backend connection that lasts until {@code until}. */
    public EdgeStatus withBackendCut(Instant until) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, bundlesActive,
                bundlesTotal, components, edgeConnection, lastCycle, backend, onlineSince, until, health, household);
    }

    /** True while a cut of the backend connection lasts. */
    public boolean backendCut(Instant now) {
        return backendCutUntil != null && backendCutUntil.isAfter(now);
    }

    EdgeStatus withOnlineSince(Instant since) {
        return new EdgeStatus(name, index, apikeyPrefix, ports, framework, failure, stateSince, bundlesActive,
                bundlesTotal, components, edgeConnection, lastCycle, backend, since, backendCutUntil, health, household);
    }
}
