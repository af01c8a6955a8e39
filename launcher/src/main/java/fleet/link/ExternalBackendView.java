package fleet.link;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import fleet.plan.EdgeRange;
import fleet.state.BackendSide;
import fleet.state.FleetState;

/**
 * The backend side of every edge when the edges talk to a real OpenEMS Backend ({@code --backend}):
 * fleet sees none of that traffic, so it asks what the backend wrote, {@code openems_is_connected}
 * in {@code openems_device} (Metadata.Odoo updates it every 30 s), and whether anything listens on
 * the backend's host and port at all. Polled every 10 s.
 */
public final class ExternalBackendView implements BackendLink {

    static final Duration POLL_EVERY = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(ExternalBackendView.class.getName());

    private final URI backend;
    private final EdgeRange range;
    private final FleetState state;
    private final ConnectedFlags flags;
    private final TcpProbe probe;
    private final ScheduledExecutorService poller;
    private volatile List<String> expected;
    // poller thread only
    private final Map<String, Instant> confirmedSince = new HashMap<>();
    private String lastFlagsFailure = "";

    private ExternalBackendView(URI backend, EdgeRange range, FleetState state, ConnectedFlags flags,
            Duration pollEvery) {
        this.backend = backend;
        this.range = range;
        this.state = state;
        this.flags = flags;
        this.probe = new TcpProbe(backend, PROBE_TIMEOUT);
        this.expected = range.indexes().mapToObj(EdgeRange::nameOf).toList();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-backend-view");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts polling at once, then every 10 s.
     *
     * @param backend the OpenEMS Backend's edge websocket, e.g. ws://backend:8081
     * @param range   the fleet's edges, for the openems_is_connected query
     * @param flags   {@code registry::connectedFlags}
     */
    public static ExternalBackendView start(URI backend, EdgeRange range, FleetState state, ConnectedFlags flags) {
        return new ExternalBackendView(backend, range, state, flags, POLL_EVERY);
    }

    /** With another interval, for tests. */
    static ExternalBackendView start(URI backend, EdgeRange range, FleetState state, ConnectedFlags flags,
            Duration pollEvery) {
        return new ExternalBackendView(backend, range, state, flags, pollEvery);
    }

    @Override
    public URI edgeUri() {
        return backend;
    }

    @Override
    public String label() {
        return "OpenEMS Backend " + backend;
    }

    @Override
    public String refusalAdvice() {
        return RefusalAdvice.OPENEMS_BACKEND;
    }

    @Override
    public void expectEdges(Map<String, String> apikeyByEdge) {
        expected = List.copyOf(apikeyByEdge.keySet());
    }

    /** Polls now instead of at the next tick, and waits for it. */
    public void pollNow() {
        try {
            poller.submit(this::poll).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.WARNING, label() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            Optional<String> unreachable = probe.check();
            Map<String, Boolean> connected = null;
            String failure = "";
            try {
                connected = flags.connectedFlags(range);
            } catch (RuntimeException e) {
                failure = "cannot read openems_is_connected: " + e.getMessage();
                if (!failure.equals(lastFlagsFailure)) {
                    LOG.log(Level.WARNING, label() + ": " + failure, e);
                }
            }
            lastFlagsFailure = failure;
            Instant now = Instant.now();
            for (String edge : expected) {
                BackendSide side = side(edge, unreachable, connected, failure, now);
                state.update(edge, status -> status.withBackend(side));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, label() + ": polling failed", e);
        }
    }

    private BackendSide side(String edge, Optional<String> unreachable, Map<String, Boolean> connected,
            String failure, Instant now) {
        String reason;
        if (unreachable.isPresent()) {
            // whatever openems_is_connected still says, nobody can be connected to a closed port
            reason = unreachable.get();
        } else if (connected == null) {
            reason = failure;
        } else if (!connected.containsKey(edge)) {
            reason = "no openems_device row named " + edge;
        } else if (!connected.get(edge)) {
            reason = "the OpenEMS Backend has not confirmed it: openems_is_connected is false"
                    + " (Metadata.Odoo writes it every 30 s)";
        } else {
            Instant since = confirmedSince.computeIfAbsent(edge, name -> now);
            return new BackendSide(BackendSide.State.ONLINE, "", since, 0, 0, 0, null, null, null);
        }
        confirmedSince.remove(edge);
        return new BackendSide(BackendSide.State.OFFLINE, reason, null, 0, 0, 0, null, null, null);
    }
}
