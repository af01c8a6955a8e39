package fleet.link;

import java.net.URI;
import java.util.Map;

import fleet.plan.BackendSettings;
import fleet.plan.EdgeRange;
import fleet.state.FleetState;

/**
 * The backend side of every edge, kept in {@link FleetState}: either fleet's own
 * {@link BuiltInReceiver} (no {@code --backend}), or an {@link ExternalBackendView} of a real
 * OpenEMS Backend through {@code openems_device.openems_is_connected}.
 *
 * <p>How FleetRun uses it: {@link #start} before rendering the edges' configurations (the receiver's
 * port goes into every {@code Controller.Api.Backend uri} through {@link #edgeUri()}); after adding
 * the edges to the runtime, {@link #expectEdges} with every edge's apikey; {@link OnlineWait} for
 * {@code --wait-online}; {@link #close()} after the edges have stopped.
 */
public sealed interface BackendLink extends AutoCloseable permits BuiltInReceiver, ExternalBackendView {

    /**
     * Starts the link the plan asks for.
     *
     * @param apikeys   the registry's apikey lookup (built-in receiver only)
     * @param writeBack the registry's batch update of openems_device (built-in receiver only)
     * @param flags     the registry's openems_is_connected query (external backend only)
     */
    static BackendLink start(BackendSettings settings, EdgeRange edges, FleetState state, ApikeyLookup apikeys,
            DeviceWriteBack writeBack, ConnectedFlags flags) {
        if (settings.builtInReceiver()) {
            return BuiltInReceiver.start(settings.receiverPort(), state, apikeys, writeBack);
        }
        return ExternalBackendView.start(settings.uri().orElseThrow(), edges, state, flags);
    }

    /** What every edge's {@code Controller.Api.Backend} gets as {@code uri}. */
    URI edgeUri();

    /**
     * Where the edges send their data, as users see it; for {@link fleet.state.FleetInfo#backendLabel()},
     * e.g. "built-in receiver (not an OpenEMS Backend) ws://127.0.0.1:40123".
     */
    String label();

    /**
     * The edges of this fleet and their apikeys (edge name → apikey). The link reports the backend
     * side of exactly these edges, and can name an edge whose apikey the built-in receiver refused.
     * May be called again; the latest call wins.
     */
    void expectEdges(Map<String, String> apikeyByEdge);

    /** What a team must do when the backend refuses an edge's apikey, for this backend layout. */
    String refusalAdvice();

    /** Stops the link; the built-in receiver writes every edge as disconnected one last time. */
    @Override
    void close();
}
