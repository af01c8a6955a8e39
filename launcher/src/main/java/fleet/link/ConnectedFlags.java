package fleet.link;

import java.util.Map;

import fleet.plan.EdgeRange;

/**
 * {@code openems_device.openems_is_connected} for a range of edges, as an external OpenEMS Backend
 * wrote it. FleetRun passes {@code registry::connectedFlags}. Edges without a row are missing from the map.
 */
@FunctionalInterface
public interface ConnectedFlags {

    Map<String, Boolean> connectedFlags(EdgeRange range);
}
