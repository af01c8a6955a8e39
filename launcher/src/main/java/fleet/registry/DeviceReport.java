package fleet.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * What a backend knows about one edge, written back into {@code openems_device} the way
 * Metadata.Odoo does every 30 s.
 *
 * @param edgeName        e.g. {@code edge0}
 * @param connected       the edge's websocket is open and accepted
 * @param lastMessage     when its last message arrived; null: never (the column keeps its value)
 * @param openemsVersion  the OpenEMS version it reported; null: not reported (the column keeps its value)
 */
public record DeviceReport(String edgeName, boolean connected, Instant lastMessage, String openemsVersion) {

    public DeviceReport {
        Objects.requireNonNull(edgeName, "edgeName");
    }
}
