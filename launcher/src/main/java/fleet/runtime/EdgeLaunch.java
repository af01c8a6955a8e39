package fleet.runtime;

import java.util.Map;

import fleet.workdir.WorkDir.EdgeDirs;

/**
 * What the runtime needs to start one edge; its config.d is already rendered.
 *
 * @param name       edge name, e.g. edge3
 * @param index      edge index
 * @param dirs       the edge's directories
 * @param properties extra framework properties for this edge only (e.g. its Felix HTTP port)
 */
public record EdgeLaunch(String name, int index, EdgeDirs dirs, Map<String, String> properties) {

    /** The property that keeps OpenEMS's LAN discovery out of an edge (see LanDiscoveryStandIn). */
    public static final Map<String, String> NO_LAN_DISCOVERY = Map.of(LanDiscoveryStandIn.SERVICES,
            LanDiscoveryStandIn.OPENEMS_MDNS);

    public EdgeLaunch {
        properties = Map.copyOf(properties);
    }
}
