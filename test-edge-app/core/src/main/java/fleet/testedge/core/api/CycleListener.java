package fleet.testedge.core.api;

/**
 * Whiteboard service: Core.Cycle calls every registered listener once per cycle, on its cycle
 * thread, in no particular order. Keep the work short; an exception is logged and the cycle goes on.
 */
public interface CycleListener {

    void onCycle(MeasuredCycleTime cycle);
}
