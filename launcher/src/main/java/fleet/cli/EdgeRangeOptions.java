package fleet.cli;

import fleet.plan.EdgeRange;
import picocli.CommandLine.Option;

/** Which edges a command works on. */
public final class EdgeRangeOptions {

    @Option(names = {"-n", "--edges"}, paramLabel = "N", defaultValue = "1",
            description = "Number of edges (default: ${DEFAULT-VALUE}).")
    int edges;

    @Option(names = "--first-index", paramLabel = "I", defaultValue = "0",
            description = "Index of the first edge: edges are edge<I> .. edge<I+N-1> (default: ${DEFAULT-VALUE}).")
    int firstIndex;

    public EdgeRange toRange() {
        return new EdgeRange(firstIndex, edges);
    }
}
