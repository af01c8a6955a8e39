package fleet.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The one live model of every edge. Producers (edge runtime, backend link) replace an edge's
 * {@link EdgeStatus}; observers (console, dashboard, JSON API, metrics, online check) only read.
 * {@code onlineSince} is kept here, because only here every change to an edge passes by.
 */
public final class FleetState {

    private final ConcurrentHashMap<String, EdgeStatus> edges = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private volatile FleetInfo info = FleetInfo.EMPTY;
    private volatile List<BackendProcessStatus> backendProcesses = List.of();

    public Instant startedAt() {
        return startedAt;
    }

    public FleetInfo info() {
        return info;
    }

    public void setInfo(FleetInfo info) {
        this.info = info;
    }

    /** The processes of the OpenEMS Backend fleet runs ({@code --with-backend}); empty without one. */
    public List<BackendProcessStatus> backendProcesses() {
        return backendProcesses;
    }

    public void setBackendProcesses(List<BackendProcessStatus> processes) {
        this.backendProcesses = List.copyOf(processes);
    }

    /** Adds an edge, or replaces it when it is added again (e.g. after remove). */
    public void add(EdgeStatus status) {
        edges.put(status.name(), status);
    }

    public void remove(String name) {
        edges.remove(name);
    }

    /** Applies a change to one edge atomically; unknown edges are ignored (they were removed). */
    public void update(String name, UnaryOperator<EdgeStatus> change) {
        edges.computeIfPresent(name, (key, old) -> {
            EdgeStatus changed = change.apply(old);
            if (changed.online() && !old.online()) {
                return changed.withOnlineSince(Instant.now());
            }
            if (!changed.online() && changed.onlineSince() != null) {
                return changed.withOnlineSince(null);
            }
            return changed;
        });
    }

    public Optional<EdgeStatus> edge(String name) {
        return Optional.ofNullable(edges.get(name));
    }

    /** A snapshot of every edge, ordered by index. */
    public List<EdgeStatus> edges() {
        List<EdgeStatus> list = new ArrayList<>(edges.values());
        list.sort(Comparator.comparingInt(EdgeStatus::index));
        return list;
    }

    public int size() {
        return edges.size();
    }
}
