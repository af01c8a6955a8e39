package fleet.link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import fleet.state.BackendSide;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;

/**
 * {@code --wait-online}: waits until every edge is online ({@link EdgeStatus#online()}: framework
 * active, the edge's backend controller connected, the backend side confirming it) and healthy as
 * OpenEMS itself says ({@link EdgeStatus#healthy()}), or until the deadline, and says for each edge
 * that did not make it why, in OpenEMS's words where it has them. Only reads {@link FleetState}.
 */
public final class OnlineWait {

    /** A cycle older than this means the edge has stopped cycling (OpenEMS cycles every second). */
    public static final Duration CYCLE_STALE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long every edge must have been healthy before the wait ends. */
    static final Duration SETTLED = Duration.ofSeconds(5);

    private final FleetState state;
    private final BackendLink link;

    public OnlineWait(FleetState state, BackendLink link) {
        this.state = state;
        this.link = link;
    }

    /**
     * Blocks until every edge is online, the deadline passes, every edge still missing has a
     * failed or stopped framework (waiting longer cannot help), or {@code cancelled} says so.
     */
    public OnlineReport await(Duration timeout, BooleanSupplier cancelled) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long healthySince = 0;
        while (true) {
            List<EdgeStatus> edges = state.edges();
            boolean allHealthy = !edges.isEmpty() && edges.stream().allMatch(EdgeStatus::healthy);
            long now = System.nanoTime();
            healthySince = !allHealthy ? 0 : healthySince == 0 ? now : healthySince;
            // OpenEMS settles in its first cycles (one FAULT, then Ok): healthy must last, not flash by.
            boolean settled = allHealthy && now - healthySince >= SETTLED.toNanos();
            boolean hopeless = !allHealthy && edges.stream().filter(e -> !e.healthy()).allMatch(OnlineWait::finished);
            if (settled || hopeless || cancelled.getAsBoolean() || now >= deadline) {
                return report(edges, Duration.ofNanos(System.nanoTime() - start));
            }
            Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** The report for the fleet as it is now. */
    public OnlineReport check() {
        return report(state.edges(), Duration.ZERO);
    }

    private OnlineReport report(List<EdgeStatus> edges, Duration waited) {
        Instant now = Instant.now();
        List<NotOnline> missing = new ArrayList<>();
        for (EdgeStatus edge : edges) {
            if (!edge.healthy()) {
                missing.add(reason(edge, now, waited));
            }
        }
        boolean allOnline = !edges.isEmpty() && missing.isEmpty();
        return new OnlineReport(allOnline, waited, edges, missing, advice(missing));
    }

    static NotOnline reason(EdgeStatus edge, Instant now, Duration waited) {
        BackendSide backend = edge.backend();
        if (edge.framework() == FrameworkState.FAILED) {
            return new NotOnline(edge.name(), NotOnline.Reason.FRAMEWORK_FAILED, edge.failure());
        }
        if (edge.framework() != FrameworkState.ACTIVE) {
            return new NotOnline(edge.name(), NotOnline.Reason.TIMEOUT,
                    "framework " + edge.framework() + " after " + waited.toSeconds() + " s");
        }
        if (backend.state() == BackendSide.State.REFUSED) {
            return new NotOnline(edge.name(), NotOnline.Reason.APIKEY_REFUSED, backend.reason());
        }
        if (backend.reason().startsWith(TcpProbe.CONNECTION_REFUSED)) {
            // "connection refused (nothing listens on host:port)" → "nothing listens on host:port"
            String detail = backend.reason().substring(TcpProbe.CONNECTION_REFUSED.length()).trim();
            return new NotOnline(edge.name(), NotOnline.Reason.CONNECTION_REFUSED,
                    detail.startsWith("(") && detail.endsWith(")") ? detail.substring(1, detail.length() - 1) : detail);
        }
        if (edge.lastCycle() == null || edge.lastCycle().isBefore(now.minus(CYCLE_STALE))) {
            return new NotOnline(edge.name(), NotOnline.Reason.EDGE_NOT_CYCLING, edge.lastCycle() == null
                    ? "no cycle seen"
                    : "last cycle " + Duration.between(edge.lastCycle(), now).toSeconds() + " s ago");
        }
        if (edge.online()) {
            return new NotOnline(edge.name(), NotOnline.Reason.NOT_HEALTHY, edge.health().problem()
                    + (edge.health().healed().isEmpty() ? "" : " (" + edge.health().healed() + ")"));
        }
        String edgeSays = switch (edge.edgeConnection()) {
            case CONNECTED -> "the edge says it is connected";
            case DISCONNECTED -> "the edge says it is not connected";
            case UNKNOWN -> "the edge's backend controller did not answer";
        };
        String backendSays = backend.online() ? "the backend side confirms it"
                : backend.reason().isEmpty() ? "the backend side has no word yet" : "backend side: " + backend.reason();
        return new NotOnline(edge.name(), NotOnline.Reason.TIMEOUT, edgeSays + "; " + backendSays);
    }

    /**
     * One sentence per kind of trouble seen. The built-in receiver can tell a refused apikey; an
     * OpenEMS Backend only drops the connection (the edge then looks connected for a moment), so
     * with one every edge it has not confirmed may be a refused one.
     */
    private List<String> advice(List<NotOnline> missing) {
        List<String> advice = new ArrayList<>();
        if (has(missing, NotOnline.Reason.CONNECTION_REFUSED)) {
            advice.add("start the OpenEMS Backend, or point --backend at the port where its edge websocket"
                    + " listens (8081 in both layouts), then run fleet");
        }
        if (has(missing, NotOnline.Reason.APIKEY_REFUSED)) {
            advice.add(link.refusalAdvice());
        } else if (link instanceof ExternalBackendView && has(missing, NotOnline.Reason.TIMEOUT)) {
            advice.add("if the OpenEMS Backend does not know these apikeys (it closes such connections without"
                    + " a word): " + link.refusalAdvice());
        }
        return advice;
    }

    private static boolean has(List<NotOnline> missing, NotOnline.Reason reason) {
        return missing.stream().anyMatch(m -> m.reason() == reason);
    }

    /** A framework that failed or stopped will not come online by waiting. */
    private static boolean finished(EdgeStatus edge) {
        return edge.framework() == FrameworkState.FAILED || edge.framework() == FrameworkState.STOPPED;
    }
}
