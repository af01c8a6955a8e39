package fleet.link;

import java.time.Instant;

/**
 * The built-in receiver's counters for one edge at one moment (for the dashboard and the JSON API;
 * {@link fleet.state.BackendSide} carries the same minus the edgeConfig fields).
 *
 * @param edge              edge name
 * @param openConnections   authenticated websockets open now (normally 0 or 1)
 * @param connectionsOpened authenticated websockets opened since the receiver started
 * @param connectedSince    when the newest open connection opened; null when none is open
 * @param messages          JSON-RPC messages received
 * @param dataPoints        channel values received (timestampedData, aggregatedData, resendData)
 * @param bytes             UTF-8 payload bytes received
 * @param lastMessage       time of the newest message; null before the first
 * @param configComponents  components in the newest edgeConfig; -1 before the first
 * @param lastConfig        when the newest edgeConfig arrived; null before the first
 * @param version           OpenEMS version from channel {@code _meta/Version}; null when not reported
 */
public record TrafficSnapshot(String edge, int openConnections, long connectionsOpened, Instant connectedSince,
        long messages, long dataPoints, long bytes, Instant lastMessage, int configComponents, Instant lastConfig,
        String version) {
}
