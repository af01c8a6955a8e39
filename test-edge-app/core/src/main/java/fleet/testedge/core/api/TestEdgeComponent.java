package fleet.testedge.core.api;

/**
 * Every component of the test edge registers this service, so the backend client can list the
 * edge's components (with their configuration properties) in its edgeConfig notification.
 */
public interface TestEdgeComponent {

    /** The component id from the configuration, e.g. {@code rrd4j0}. */
    String id();
}
