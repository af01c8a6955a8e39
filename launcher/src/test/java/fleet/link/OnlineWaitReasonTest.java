package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fleet.state.BackendSide;
import fleet.state.ComponentCounts;
import fleet.state.EdgeConnection;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FrameworkState;

/** Which reason an edge that is not online gets, for states that real edges reach only slowly. */
class OnlineWaitReasonTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final BackendSide OFFLINE = new BackendSide(BackendSide.State.OFFLINE, "no connection from this edge yet",
            null, 0, 0, 0, null, null, null);

    @Test
    void anEdgeWhoseCyclesStoppedIsNotCycling() {
        EdgeStatus stale = active(NOW.minusSeconds(42), EdgeConnection.DISCONNECTED, OFFLINE);
        NotOnline reason = OnlineWait.reason(stale, NOW, Duration.ofSeconds(120));
        assertEquals(NotOnline.Reason.EDGE_NOT_CYCLING, reason.reason());
        assertEquals("edge0: edge not cycling — last cycle 42 s ago", reason.line());

        NotOnline never = OnlineWait.reason(active(null, EdgeConnection.UNKNOWN, OFFLINE), NOW, Duration.ZERO);
        assertEquals("edge0: edge not cycling — no cycle seen", never.line());
    }

    @Test
    void aCyclingEdgeWithoutBackendConfirmationTimesOutWithBothViews() {
        NotOnline reason = OnlineWait.reason(active(NOW.minusSeconds(1), EdgeConnection.CONNECTED, OFFLINE), NOW,
                Duration.ofSeconds(120));
        assertEquals(NotOnline.Reason.TIMEOUT, reason.reason());
        assertEquals("edge0: timeout — the edge says it is connected; backend side: no connection from this edge yet",
                reason.line());
    }

    @Test
    void aFrameworkStillStartingTimesOut() {
        EdgeStatus starting = EdgeStatus.pending("edge0", 0, "abcd", EdgePorts.NONE)
                .withFramework(FrameworkState.STARTING, "");
        assertEquals("edge0: timeout — framework STARTING after 120 s",
                OnlineWait.reason(starting, NOW, Duration.ofSeconds(120)).line());
    }

    @Test
    void failureLinesListFiftyEdgesAndCountTheRest() {
        List<NotOnline> missing = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            missing.add(new NotOnline("edge" + i, i < 55 ? NotOnline.Reason.APIKEY_REFUSED : NotOnline.Reason.TIMEOUT, ""));
        }
        OnlineReport report = new OnlineReport(false, Duration.ofSeconds(120), List.of(), missing, List.of("do this"));
        List<String> lines = report.failureLines();
        assertEquals("60 of 0 edges not online and healthy after 120 s:", lines.get(0));
        assertEquals(1 + 50 + 2 + 1, lines.size(), lines.toString());
        assertTrue(lines.contains("  and 5 more: apikey refused"), lines.toString());
        assertTrue(lines.contains("  and 5 more: timeout"), lines.toString());
        assertEquals("What to do: do this", lines.get(lines.size() - 1));
    }

    private static EdgeStatus active(Instant lastCycle, EdgeConnection connection, BackendSide backend) {
        return EdgeStatus.pending("edge0", 0, "abcd", EdgePorts.NONE).withFramework(FrameworkState.ACTIVE, "")
                .withProbe(5, 5, ComponentCounts.NONE, connection, lastCycle).withBackend(backend);
    }
}
