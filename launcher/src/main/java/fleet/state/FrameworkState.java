package fleet.state;

/** Lifecycle of one edge's Felix framework, as the edge runtime observed it. */
public enum FrameworkState {
    /** Not started yet (waiting for its turn). */
    PENDING,
    STARTING,
    ACTIVE,
    STOPPING,
    /** Stopped on request. */
    STOPPED,
    /** Failed to start, or stopped without being asked to; {@link EdgeStatus#failure()} says why. */
    FAILED
}
