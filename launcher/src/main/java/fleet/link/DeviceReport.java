package fleet.link;

import java.time.Instant;

/**
 * What the receiver writes back to one {@code openems_device} row, as Metadata.Odoo does.
 *
 * @param edgeName       {@code openems_device.name}
 * @param connected      {@code openems_is_connected}
 * @param lastMessage    {@code lastmessage}; null when the edge never sent anything
 * @param openemsVersion {@code openems_version}; null when the edge did not report it (leave the column alone)
 */
public record DeviceReport(String edgeName, boolean connected, Instant lastMessage, String openemsVersion) {
}
