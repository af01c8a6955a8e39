package fleet.state;

import java.time.Instant;

/**
 * One process of the OpenEMS Backend fleet runs ({@code --with-backend}).
 *
 * @param name      "backend" or "backend-edge"
 * @param state     NOT_STARTED, RUNNING, or EXITED with the exit code
 * @param pid       -1 before it started
 * @param port      the port its edge-side server listens on (Edge.Manager, Edge.Websocket or the edge app's)
 * @param startedAt null before it started
 * @param log       its log file
 */
public record BackendProcessStatus(String name, String state, long pid, int port, Instant startedAt, String log) {
}
