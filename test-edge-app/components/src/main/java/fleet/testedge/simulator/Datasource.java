package fleet.testedge.simulator;

/** A source of simulated values, one per cycle, repeating its configured profile. */
public interface Datasource {

    int valueAt(long cycleCount);
}
