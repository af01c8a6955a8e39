package fleet.link;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;

import fleet.FleetException;
import fleet.registry.DeviceReport;
import fleet.state.BackendSide;
import fleet.state.FleetState;

/**
 * fleet's built-in receiver (not an OpenEMS Backend): the edge-facing side of the OpenEMS Backend
 * protocol on 127.0.0.1, for a machine without a backend.
 *
 * <ul>
 * <li>The {@code apikey} header is looked up in the registry ({@code openems_device}); a missing or
 * unknown key is closed with 1003 (OpenEMS's {@code CloseFrame.REFUSE}) and nothing is counted for
 * it. When the registry cannot be asked, 1013 (try again later), as OpenEMS does while its metadata
 * is not initialised.</li>
 * <li>Notifications ({@code edgeConfig}, {@code timestampedData}, {@code aggregatedData},
 * {@code resendData}, {@code systemLog}, also wrapped in {@code edgeRpc}) are counted per edge.
 * Requests get what an OpenEMS Backend without Odoo answers to everything it does not handle: a
 * JSON-RPC error 4001 "Unhandled JSON-RPC method".</li>
 * <li>Once a second the edges' {@link BackendSide} go into {@link FleetState} (only the changed
 * ones); every 30 s {@code openems_is_connected}, {@code lastmessage} and {@code openems_version} of
 * the changed edges go to {@code openems_device} in one batch, as Metadata.Odoo does; a device
 * whose edge never got in keeps its row untouched.</li>
 * </ul>
 */
public final class BuiltInReceiver implements BackendLink {

    public static final String LABEL = "built-in receiver (not an OpenEMS Backend)";
    static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);
    static final Duration WRITE_BACK_EVERY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(BuiltInReceiver.class.getName());
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int STOP_TIMEOUT_MILLIS = 5_000;
    private static final int OPENED_LOG_LIMIT = 10_000;
    private static final int REFUSAL_LOG_LIMIT = 200;
    private static final int APIKEY_SHOWN = 4;

    /** When an authenticated connection opened; the record of connect pacing. */
    public record ConnectionOpened(String edge, Instant at) {
    }

    /**
     * A connection the receiver refused.
     *
     * @param edge the fleet edge this apikey belongs to (from {@link #expectEdges}); empty when unknown
     */
    public record Refusal(Instant at, String remote, String apikeyPrefix, Optional<String> edge, String reason) {
    }

    private final FleetState state;
    private final ApikeyLookup apikeys;
    private final DeviceWriteBack writeBack;
    private final ReceiverServer server;
    private final URI uri;
    private final ScheduledExecutorService publisher;
    private final ScheduledExecutorService writer;
    private final ConcurrentHashMap<String, EdgeTraffic> traffic = new ConcurrentHashMap<>();
    private volatile Map<String, String> edgeByApikey = Map.of();
    private final Deque<ConnectionOpened> opened = new ArrayDeque<>();
    private final Deque<Refusal> refusals = new ArrayDeque<>();
    private final AtomicLong refusedConnections = new AtomicLong();
    // publisher thread only
    private final Map<String, BackendSide> published = new HashMap<>();
    // writer thread only, then the closing thread once the writer has ended
    private final Map<String, DeviceReport> written = new HashMap<>();
    private volatile boolean closed;

    private BuiltInReceiver(int port, FleetState state, ApikeyLookup apikeys, DeviceWriteBack writeBack,
            Duration publishEvery, Duration writeBackEvery) {
        this.state = state;
        this.apikeys = apikeys;
        this.writeBack = writeBack;
        this.server = new ReceiverServer(new InetSocketAddress(HOST, port), new Events());
        Exception failure;
        try {
            failure = server.startAndAwait(START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        if (failure != null) {
            stopServer();
            throw FleetException.failure(LABEL + ": cannot listen on " + HOST + ":" + port + ": "
                    + failure.getMessage() + " — choose another --receiver-port, or 0 for any free port", failure);
        }
        this.uri = URI.create("ws://" + HOST + ":" + server.getPort());
        this.publisher = Executors.newSingleThreadScheduledExecutor(named("fleet-receiver-state"));
        this.writer = Executors.newSingleThreadScheduledExecutor(named("fleet-receiver-writeback"));
        publisher.scheduleWithFixedDelay(this::publish, publishEvery.toMillis(), publishEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(this::writeBackChanged, writeBackEvery.toMillis(), writeBackEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(label() + " listening");
    }

    /**
     * Starts the receiver on 127.0.0.1.
     *
     * @param port      0 = any free port ({@link #port()} tells which)
     * @param apikeys   which edge an apikey belongs to ({@code registry::edgeNameForApikey})
     * @param writeBack the batch update of openems_device ({@code registry::writeBack})
     * @throws FleetException when the port cannot be bound
     */
    public static BuiltInReceiver start(int port, FleetState state, ApikeyLookup apikeys, DeviceWriteBack writeBack) {
        return new BuiltInReceiver(port, state, apikeys, writeBack, PUBLISH_EVERY, WRITE_BACK_EVERY);
    }

    /** With other intervals, for tests. */
    static BuiltInReceiver start(int port, FleetState state, ApikeyLookup apikeys, DeviceWriteBack writeBack,
            Duration publishEvery, Duration writeBackEvery) {
        return new BuiltInReceiver(port, state, apikeys, writeBack, publishEvery, writeBackEvery);
    }

    public int port() {
        return uri.getPort();
    }

    @Override
    public URI edgeUri() {
        return uri;
    }

    @Override
    public String label() {
        return LABEL + " " + uri;
    }

    @Override
    public String refusalAdvice() {
        return RefusalAdvice.BUILT_IN;
    }

    @Override
    public void expectEdges(Map<String, String> apikeyByEdge) {
        Map<String, String> byApikey = new HashMap<>();
        apikeyByEdge.forEach((edge, apikey) -> {
            byApikey.put(apikey, edge);
            traffic.computeIfAbsent(edge, EdgeTraffic::new);
        });
        edgeByApikey = Map.copyOf(byApikey);
    }

    /** The counters of one edge, if it is expected or has connected. */
    public Optional<TrafficSnapshot> traffic(String edge) {
        EdgeTraffic counters = traffic.get(edge);
        return counters == null ? Optional.empty() : Optional.of(counters.snapshot());
    }

    /** Authenticated connections open now, over all edges. */
    public int openConnections() {
        int open = 0;
        for (EdgeTraffic counters : traffic.values()) {
            open += counters.snapshot().openConnections();
        }
        return open;
    }

    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** When authenticated connections opened, oldest first (the newest 10 000). */
    public List<ConnectionOpened> connectionsOpened() {
        synchronized (opened) {
            return List.copyOf(opened);
        }
    }

    /** The newest refused connections, oldest first. */
    public List<Refusal> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /**
     * Fault injection: closes the edge's open connections and refuses its new ones until
     * {@code duration} has passed, both with close code 1013 (try again later) and a reason that
     * says so. Nothing is counted for a refused attempt; the backend side reads "cut by fleet until
     * ...". The edge reconnects by its own schedule (OpenEMS: at once, then every 10-100 s), so it
     * can stay offline longer than the cut.
     */
    public void cut(String edge, Duration duration) {
        long until = System.currentTimeMillis() + duration.toMillis();
        EdgeTraffic counters = traffic.computeIfAbsent(edge, EdgeTraffic::new);
        counters.cutUntil(until); // first, so that a connection opening meanwhile sees it (see opened)
        for (WebSocket connection : server.getConnections()) {
            EdgeTraffic.Connection source = connection.getAttachment();
            if (source != null && source.edge == counters) {
                connection.close(CloseFrame.TRY_AGAIN_LATER, cutReason(until));
            }
        }
        LOG.info(() -> LABEL + ": " + edge + " cut until " + Clock.time(Instant.ofEpochMilli(until)));
    }

    static String cutReason(long untilMillis) {
        return "backend connection cut by fleet until " + Clock.time(Instant.ofEpochMilli(untilMillis))
                + " (fault injection)";
    }

    /** Pushes every changed {@link BackendSide} into FleetState now instead of at the next tick. */
    public void publishNow() {
        runOn(publisher, this::publish);
    }

    /** Writes every changed device to openems_device now instead of at the next tick. */
    public void writeBackNow() {
        runOn(writer, this::writeBackChanged);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publisher.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopServer();
        // The edges are gone from here on, whatever the close handshakes did.
        List<DeviceReport> last = new ArrayList<>();
        for (EdgeTraffic counters : traffic.values()) {
            DeviceReport report = counters.report(false);
            if (counters.everConnected() && !report.equals(written.get(counters.name()))) {
                last.add(report);
            }
        }
        writeBack(last);
        LOG.info(label() + " stopped");
    }

    // ---- websocket events, on the server's decoder threads ----

    private final class Events implements ReceiverServer.Events {

        @Override
        public void opened(WebSocket connection, ClientHandshake handshake) {
            String apikey = handshake.getFieldValue("apikey");
            if (apikey == null || apikey.isBlank()) {
                refuse(connection, "", "apikey header missing");
                return;
            }
            Optional<String> edge;
            try {
                edge = apikeys.edgeNameFor(apikey);
            } catch (RuntimeException e) {
                String why = "cannot check the apikey, the registry failed: " + e.getMessage();
                LOG.log(Level.WARNING, LABEL + ": " + why, e);
                String expected = edgeByApikey.get(apikey);
                if (expected != null) {
                    traffic.computeIfAbsent(expected, EdgeTraffic::new).unavailable(why);
                }
                connection.close(CloseFrame.TRY_AGAIN_LATER, "registry unavailable, try again later");
                return;
            }
            if (edge.isEmpty()) {
                refuse(connection, apikey, "apikey " + prefix(apikey) + " is not in openems_device");
                return;
            }
            long now = System.currentTimeMillis();
            EdgeTraffic counters = traffic.computeIfAbsent(edge.get(), EdgeTraffic::new);
            if (counters.isCut(now)) {
                connection.close(CloseFrame.TRY_AGAIN_LATER, cutReason(counters.cutUntilMillis()));
                return;
            }
            connection.setAttachment(counters.opened(now));
            if (counters.isCut(System.currentTimeMillis())) {
                // cut() ran between the check and the attachment and may not have seen this connection
                connection.close(CloseFrame.TRY_AGAIN_LATER, cutReason(counters.cutUntilMillis()));
                return;
            }
            synchronized (opened) {
                if (opened.size() == OPENED_LOG_LIMIT) {
                    opened.removeFirst();
                }
                opened.addLast(new ConnectionOpened(edge.get(), Instant.ofEpochMilli(now)));
            }
            LOG.fine(() -> LABEL + ": " + edge.get() + " connected from " + connection.getRemoteSocketAddress());
        }

        @Override
        public void message(WebSocket connection, String text) {
            EdgeTraffic.Connection source = connection.getAttachment();
            if (source == null) {
                return; // refused: closing already, nothing is counted
            }
            EdgeMessage message = EdgeMessage.read(text);
            source.edge.received(source, message, utf8Length(text), System.currentTimeMillis());
            if (message.kind() == EdgeMessage.Kind.REQUEST) {
                try {
                    connection.send(message.answer());
                } catch (WebsocketNotConnectedException e) {
                    // closed meanwhile: the edge will not wait for this answer
                }
            } else if (message.kind() == EdgeMessage.Kind.INVALID) {
                LOG.fine(() -> LABEL + ": " + source.edge.name() + " sent a frame that is not JSON-RPC");
            }
        }

        @Override
        public void closed(WebSocket connection, int code, String reason, boolean byRemote) {
            EdgeTraffic.Connection source = connection.getAttachment();
            if (source != null) {
                source.edge.closed(source, System.currentTimeMillis(), describeClose(code, reason, byRemote));
            }
        }
    }

    private void refuse(WebSocket connection, String apikey, String why) {
        refusedConnections.incrementAndGet();
        Optional<String> edge = Optional.ofNullable(apikey.isEmpty() ? null : edgeByApikey.get(apikey));
        String remote = String.valueOf(connection.getRemoteSocketAddress());
        Refusal refusal = new Refusal(Instant.now(), remote, prefix(apikey), edge, why);
        boolean first;
        synchronized (refusals) {
            first = refusals.stream().noneMatch(r -> r.apikeyPrefix().equals(refusal.apikeyPrefix()));
            if (refusals.size() == REFUSAL_LOG_LIMIT) {
                refusals.removeFirst();
            }
            refusals.addLast(refusal);
        }
        edge.ifPresent(name -> traffic.computeIfAbsent(name, EdgeTraffic::new)
                .refused(System.currentTimeMillis(), "apikey refused by the " + LABEL + ": " + why));
        // An edge retries every 10-100 s: the first refusal of a key is news, the rest are not.
        LOG.log(first ? Level.INFO : Level.FINE, () -> LABEL + ": refused " + remote + edge.map(e -> " (" + e + ")")
                .orElse("") + ": " + why);
        connection.close(CloseFrame.REFUSE, "Connection to backend failed: " + why);
    }

    // ---- periodic work ----

    private void publish() {
        try {
            for (EdgeTraffic counters : traffic.values()) {
                BackendSide side = counters.side();
                if (!side.equals(published.get(counters.name()))) {
                    state.update(counters.name(), status -> status.withBackend(side));
                    published.put(counters.name(), side);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, LABEL + ": publishing the backend side failed", e);
        }
    }

    private void writeBackChanged() {
        List<DeviceReport> changed = new ArrayList<>();
        for (EdgeTraffic counters : traffic.values()) {
            DeviceReport report = counters.report(counters.connected());
            // an edge that never got in (refused, or not started yet) keeps its row as it is
            if (counters.everConnected() && !report.equals(written.get(counters.name()))) {
                changed.add(report);
            }
        }
        writeBack(changed);
    }

    private void writeBack(Collection<DeviceReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        try {
            writeBack.writeBack(List.copyOf(reports));
            reports.forEach(report -> written.put(report.edgeName(), report));
        } catch (RuntimeException e) {
            // Metadata.Odoo also just tries again next round; the next batch carries these changes too.
            LOG.log(Level.WARNING, LABEL + ": writing " + reports.size() + " devices to openems_device failed: "
                    + e.getMessage(), e);
        }
    }

    private void runOn(ScheduledExecutorService executor, Runnable task) {
        try {
            executor.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.WARNING, LABEL + ": " + e, e);
        }
    }

    private void stopServer() {
        try {
            server.shutdown(STOP_TIMEOUT_MILLIS, "fleet stops");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describeClose(int code, String reason, boolean byRemote) {
        String what = switch (code) {
            case CloseFrame.NORMAL -> "closed normally";
            case CloseFrame.GOING_AWAY -> "going away";
            case CloseFrame.ABNORMAL_CLOSE -> "connection lost without a close frame";
            default -> "close code " + code;
        };
        String who = code == CloseFrame.ABNORMAL_CLOSE ? "" : byRemote ? " by the edge" : " by the receiver";
        return what + who + (reason == null || reason.isBlank() ? "" : " (" + reason + ")") + " [" + code + "]";
    }

    private static String prefix(String apikey) {
        if (apikey.isEmpty()) {
            return "(none)";
        }
        // never the whole key, not even a short one
        return apikey.substring(0, Math.min(APIKEY_SHOWN, apikey.length() / 2)) + "…";
    }

    /** UTF-8 bytes of a frame without encoding it: JSON from the edge is nearly all ASCII. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
