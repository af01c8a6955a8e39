package fleet.state;

import java.time.Instant;

/**
 * What the backend side knows about one edge: fleet's built-in receiver, or an OpenEMS Backend's
 * view through {@code openems_device.openems_is_connected}.
 *
 * @param state          confirmed online, offline, or refused
 * @param reason         why not online, in words a user can act on; empty when online
 * @param connectedSince when the current backend connection opened (receiver only)
 * @param messages       JSON-RPC messages received (receiver only)
 * @param dataPoints     channel values received (receiver only)
 * @param bytes          payload bytes received (receiver only)
 * @param lastMessage    time of the newest message
 * @param version        OpenEMS version the edge reported, if any
 * @param edgeConfigIds  the component ids of the newest {@code edgeConfig} the edge sent (receiver only; empty
 *                       before the first)
 */
public record BackendSide(State state, String reason, Instant connectedSince, long messages, long dataPoints,
        long bytes, Instant lastMessage, String version, java.util.List<String> edgeConfigIds) {

    public BackendSide {
        edgeConfigIds = edgeConfigIds == null ? java.util.List.of() : java.util.List.copyOf(edgeConfigIds);
    }

    public enum State {
        /** Nobody has said anything yet. */
        UNKNOWN,
        /** The backend side has data from this edge, or openems_is_connected is true. */
        ONLINE,
        OFFLINE,
        /** The backend closed the connection because it does not know the apikey. */
        REFUSED
    }

    public static final BackendSide UNKNOWN = new BackendSide(State.UNKNOWN, "", null, 0, 0, 0, null, null, null);

    public boolean online() {
        return state == State.ONLINE;
    }
}
