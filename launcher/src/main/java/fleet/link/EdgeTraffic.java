package fleet.link;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import fleet.registry.DeviceReport;
import fleet.state.BackendSide;

/**
 * The built-in receiver's counters for one edge, over all its connections since the receiver
 * started. Updated by the receiver's websocket threads, read by the publisher and the write-back;
 * every field is safe to read at any time, a snapshot may mix two moments by one message.
 */
final class EdgeTraffic {

    /** One authenticated websocket of this edge. */
    static final class Connection {
        final EdgeTraffic edge;
        final long openedAtMillis;
        final AtomicLong messages = new AtomicLong();

        Connection(EdgeTraffic edge, long openedAtMillis) {
            this.edge = edge;
            this.openedAtMillis = openedAtMillis;
        }
    }

    private final String name;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong dataPoints = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastMessageMillis;
    private volatile long lastOpenMillis;
    private volatile long lastConfigMillis;
    private volatile int configComponents = -1;
    private volatile List<String> configIds = List.of();
    private volatile String version;
    private volatile long closedAtMillis;
    private volatile String closeReason = "";
    private volatile long refusedAtMillis;
    private volatile String refusal = "";
    private volatile String unavailable = "";
    private volatile long cutUntilMillis;

    EdgeTraffic(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    Connection opened(long nowMillis) {
        Connection connection = new Connection(this, nowMillis);
        open.add(connection);
        connectionsOpened.incrementAndGet();
        lastOpenMillis = nowMillis;
        unavailable = "";
        return connection;
    }

    void closed(Connection connection, long nowMillis, String why) {
        if (open.remove(connection)) {
            closedAtMillis = nowMillis;
            closeReason = why;
        }
    }

    void received(Connection connection, EdgeMessage message, long payloadBytes, long nowMillis) {
        connection.messages.incrementAndGet();
        messages.incrementAndGet();
        bytes.addAndGet(payloadBytes);
        if (message.dataPoints() > 0) {
            dataPoints.addAndGet(message.dataPoints());
        }
        if (message.components() >= 0) {
            configComponents = message.components();
            configIds = message.configIds();
            lastConfigMillis = nowMillis;
        }
        if (message.version() != null) {
            version = message.version();
        }
        lastMessageMillis = nowMillis;
    }

    /** The registry does not know this edge's apikey; nothing is counted for the refused connection. */
    void refused(long nowMillis, String why) {
        refusedAtMillis = nowMillis;
        refusal = why;
    }

    /** The apikey could not be checked (registry unreachable); the edge was asked to try again later. */
    void unavailable(String why) {
        unavailable = why;
    }

    /** Fault injection: the receiver refuses this edge until then ({@link BuiltInReceiver#cut}). */
    void cutUntil(long untilMillis) {
        cutUntilMillis = untilMillis;
    }

    boolean isCut(long nowMillis) {
        return cutUntilMillis > nowMillis;
    }

    long cutUntilMillis() {
        return cutUntilMillis;
    }

    /**
     * Online means what an OpenEMS Backend means by it, made stricter: an authenticated connection
     * is open and the edge has sent data over it.
     */
    BackendSide side() {
        Connection newest = null;
        boolean data = false;
        for (Connection connection : open) {
            if (newest == null || connection.openedAtMillis > newest.openedAtMillis) {
                newest = connection;
            }
            data |= connection.messages.get() > 0;
        }
        BackendSide.State state;
        String reason;
        if (newest != null && data) {
            state = BackendSide.State.ONLINE;
            reason = "";
        } else if (newest != null) {
            state = BackendSide.State.OFFLINE;
            reason = "connected to the built-in receiver, no message yet";
        } else if (isCut(System.currentTimeMillis())) {
            state = BackendSide.State.OFFLINE;
            reason = BuiltInReceiver.cutReason(cutUntilMillis);
        } else if (refusedAtMillis != 0 && refusedAtMillis >= lastOpenMillis) {
            state = BackendSide.State.REFUSED;
            reason = refusal;
        } else if (!unavailable.isEmpty()) {
            state = BackendSide.State.OFFLINE;
            reason = unavailable;
        } else if (lastOpenMillis != 0) {
            state = BackendSide.State.OFFLINE;
            reason = "disconnected from the built-in receiver at " + Clock.time(Instant.ofEpochMilli(closedAtMillis))
                    + ": " + closeReason;
        } else {
            state = BackendSide.State.OFFLINE;
            reason = "no connection from this edge yet";
        }
        return new BackendSide(state, reason, newest == null ? null : Instant.ofEpochMilli(newest.openedAtMillis),
                messages.get(), dataPoints.get(), bytes.get(), instant(lastMessageMillis), version, configIds);
    }

    boolean connected() {
        return !open.isEmpty();
    }

    boolean everConnected() {
        return connectionsOpened.get() > 0;
    }

    DeviceReport report(boolean connected) {
        return new DeviceReport(name, connected, instant(lastMessageMillis), version);
    }

    TrafficSnapshot snapshot() {
        return new TrafficSnapshot(name, open.size(), connectionsOpened.get(), side().connectedSince(), messages.get(),
                dataPoints.get(), bytes.get(), instant(lastMessageMillis), configComponents,
                instant(lastConfigMillis), version);
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
