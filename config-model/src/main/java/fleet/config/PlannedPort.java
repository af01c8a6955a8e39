package fleet.config;

/** One port of one edge in a {@link PortPlan}, e.g. for probing the machine before anything starts. */
public record PlannedPort(int edgeIndex, PortSlot slot, int port) {

    /** E.g. {@code edge7 ctrlApiRest0.port 20070}. */
    @Override
    public String toString() {
        return "edge" + edgeIndex + " " + slot.label() + " " + port;
    }
}
