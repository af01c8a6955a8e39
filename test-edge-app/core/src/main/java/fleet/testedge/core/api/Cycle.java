package fleet.testedge.core.api;

/**
 * The edge's cycle (component {@code Core.Cycle}). fleet probes
 * {@code getMeasuredCycleTime().getTimestamp()} by reflection, the same call shape as on OpenEMS.
 */
public interface Cycle {

    /** The latest cycle; its timestamp is null until the first cycle has run. */
    MeasuredCycleTime getMeasuredCycleTime();

    /** Cycles run since the component was activated. */
    long cycleCount();
}
