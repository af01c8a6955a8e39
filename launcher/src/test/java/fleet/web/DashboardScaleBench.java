package fleet.web;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import fleet.FleetException;
import fleet.control.FleetControl;
import fleet.state.BackendSide;
import fleet.state.ComponentCounts;
import fleet.state.EdgeConnection;
import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.state.FrameworkState;

/**
 * The dashboard's read side with many edges, for scripts/bench-dashboard (not part of the test
 * suite): a FleetState of N edges that change every second the way probes and the receiver change
 * them (counters grow, a few edges flap), served by a real DashboardServer on 127.0.0.1. What is
 * measured is the dashboard's own cost, so the edges are not frameworks here; actions are refused.
 *
 * <p>{@code java -cp ... fleet.web.DashboardScaleBench <edges> <seconds>} prints the page URL, then
 * runs until the time is up.
 */
public final class DashboardScaleBench {

    private DashboardScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int edges = Integer.parseInt(args[0]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[1]));
        FleetState state = new FleetState();
        state.setInfo(new fleet.state.FleetInfo("built-in receiver (not an OpenEMS Backend) ws://127.0.0.1:1",
                "", "synthetic", "/tmp"));
        for (int i = 0; i < edges; i++) {
            int base = 20_000 + i * 10;
            state.add(EdgeStatus.pending("edge" + i, i, "abcd", new EdgePorts(base, base + 1, base + 2, 0)));
            state.update("edge" + i, s -> s.withFramework(FrameworkState.ACTIVE, ""));
        }
        FleetControl refuse = new FleetControl() {
            public void startEdge(String name) { throw no(); }
            public void stopEdge(String name) { throw no(); }
            public void restartEdge(String name) { throw no(); }
            public void cutBackend(String name, Duration d) { throw no(); }
            public List<String> addEdges(int count) { throw no(); }
            public List<String> removeEdges(int count) { throw no(); }
            public Optional<Path> logFile(String name) { return Optional.empty(); }
            public java.util.Map<String, String> credentials(String name) { return java.util.Map.of(); }

            private FleetException no() {
                return FleetException.failure("not in the benchmark");
            }
        };
        try (DashboardServer server = DashboardServer.start(new InetSocketAddress("127.0.0.1", 0), state, refuse)) {
            System.out.println("page " + server.pageUrl());
            System.out.flush();
            long end = System.nanoTime() + duration.toNanos();
            long tick = 0;
            while (System.nanoTime() < end) {
                tick++;
                Instant now = Instant.now();
                for (EdgeStatus edge : state.edges()) {
                    boolean flapping = ThreadLocalRandom.current().nextInt(100) == 0;
                    long messages = edge.backend().messages() + 1;
                    BackendSide side = new BackendSide(flapping ? BackendSide.State.OFFLINE : BackendSide.State.ONLINE,
                            flapping ? "disconnected from the built-in receiver" : "", now.minusSeconds(tick), messages,
                            messages * 117, messages * 4_000, now, "2026.5.0", null);
                    state.update(edge.name(), s -> s.withProbe(79, 79, new ComponentCounts(40, 0, 0),
                            EdgeConnection.CONNECTED, now).withBackend(side));
                }
                Thread.sleep(1_000);
            }
        }
    }
}
