package fleet.link;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import fleet.state.EdgePorts;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;

/**
 * The 1 000-connection benchmark of the built-in receiver (scripts/bench-receiver runs it; not a
 * unit test). Two JVMs so that the receiver's figures are its own:
 * <ul>
 * <li>{@code receiver <port> <edges> <window-seconds>}: starts the receiver with FleetState holding
 * {@code edges} edges, measures idle, waits for the connections, measures over the window (process
 * CPU, heap after GC, RSS, threads), prints the figures and exits.</li>
 * <li>{@code clients <uri> <edges> <seconds> <channels>}: opens that many websockets (java.net.http,
 * one client, ~200 new per second), each sends edgeConfig, then one timestampedData with
 * {@code channels} values per second (random phase) for {@code seconds}.</li>
 * </ul>
 */
public final class ReceiverBenchmark {

    private ReceiverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "receiver" -> receiver(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "clients" -> clients(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("receiver|clients");
        }
    }

    // ---- receiver side ----

    private static void receiver(int port, int edges, int windowSeconds) throws Exception {
        FleetState state = new FleetState();
        for (int i = 0; i < edges; i++) {
            state.add(EdgeStatus.pending("edge" + i, i, "bnch", EdgePorts.NONE));
        }
        AtomicLong written = new AtomicLong();
        try (BuiltInReceiver receiver = BuiltInReceiver.start(port, state,
                key -> key.startsWith("bench-") ? Optional.of(key.substring(6)) : Optional.empty(),
                reports -> written.addAndGet(reports.size()))) {
            System.out.println("listening " + receiver.edgeUri());
            Thread.sleep(3_000);
            Sample idle = Sample.take();
            System.out.println("idle: " + idle);

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (receiver.openConnections() < edges && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            System.out.println("connected: " + receiver.openConnections() + " of " + edges);
            Thread.sleep(10_000); // let the ramp's handshakes and edgeConfigs pass
            long messages0 = messages(receiver, edges);
            long points0 = points(receiver, edges);
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            Thread.sleep(windowSeconds * 1000L);
            long cpu = cpuNanos() - cpu0;
            double wall = (System.nanoTime() - wall0) / 1e9;
            long messages = messages(receiver, edges) - messages0;
            long points = points(receiver, edges) - points0;
            Sample loaded = Sample.take();
            receiver.writeBackNow();
            long online = state.edges().stream().filter(e -> e.backend().online()).count();
            System.out.println("loaded: " + loaded);
            System.out.printf("window %.0f s: %d connections open, %d edges ONLINE in FleetState, %.0f messages/s,"
                    + " %.0f data points/s, receiver process CPU %.1f %% of one core (%.1f %% of %d cores),"
                    + " write-back of %d devices%n", wall, receiver.openConnections(), online, messages / wall,
                    points / wall, 100.0 * cpu / 1e9 / wall,
                    100.0 * cpu / 1e9 / wall / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(), written.get());
            System.out.printf("per connection: heap %.1f KiB, RSS %.1f KiB; threads %d → %d%n",
                    (loaded.heapUsed - idle.heapUsed) / 1024.0 / edges, (loaded.rss - idle.rss) / 1024.0 / edges,
                    idle.threads, loaded.threads);
            if (Boolean.getBoolean("bench.nmt")) { // run with -XX:NativeMemoryTracking=summary -Dbench.nmt=true
                System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                        new Object[] { new String[] { "summary" } }, new String[] { String[].class.getName() }));
            }
        }
    }

    private static long messages(BuiltInReceiver receiver, int edges) {
        long sum = 0;
        for (int i = 0; i < edges; i++) {
            sum += receiver.traffic("edge" + i).map(TrafficSnapshot::messages).orElse(0L);
        }
        return sum;
    }

    private static long points(BuiltInReceiver receiver, int edges) {
        long sum = 0;
        for (int i = 0; i < edges; i++) {
            sum += receiver.traffic("edge" + i).map(TrafficSnapshot::dataPoints).orElse(0L);
        }
        return sum;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private record Sample(long heapUsed, long heapCommitted, long rss, int threads, String receiverThreads) {

        static Sample take() throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            int websocket = 0;
            int fleet = 0;
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                String name = thread.getThreadName();
                if (name.startsWith("WebSocket") || name.startsWith("connectionLostChecker")) {
                    websocket++;
                } else if (name.startsWith("fleet-receiver")) {
                    fleet++;
                }
            }
            return new Sample(heap, committed, rss, ManagementFactory.getThreadMXBean().getThreadCount(),
                    websocket + " Java-WebSocket + " + fleet + " fleet-receiver");
        }

        @Override
        public String toString() {
            return String.format("heap used after GC %.1f MiB (committed %.0f MiB), RSS %.1f MiB, %d threads (%s)",
                    heapUsed / 1048576.0, heapCommitted / 1048576.0, rss / 1048576.0, threads, receiverThreads);
        }
    }

    // ---- client side ----

    private static void clients(URI uri, int edges, int seconds, int channels) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<WebSocket> sockets = new ArrayList<>();
        long rampStart = System.nanoTime();
        for (int i = 0; i < edges; i++) {
            // ~200 new connections per second
            long due = rampStart + i * 5_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String edge = "edge" + i;
            try {
                WebSocket socket = http.newWebSocketBuilder().header("apikey", "bench-" + edge)
                        .connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, new Quiet()).get(60, TimeUnit.SECONDS);
                sockets.add(socket);
                open.incrementAndGet();
                socket.sendText(PlainEdgeClient.edgeConfig(40), true).get(10, TimeUnit.SECONDS);
                senders.scheduleAtFixedRate(() -> send(socket, channels), ThreadLocalRandom.current().nextLong(1000),
                        1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
        System.out.printf("clients: %d open, %d failed, ramp %.1f s%n", open.get(), failed.get(),
                (System.nanoTime() - rampStart) / 1e9);
        Thread.sleep(seconds * 1000L);
        senders.shutdownNow();
        sockets.forEach(WebSocket::abort);
        System.exit(0);
    }

    private static void send(WebSocket socket, int channels) {
        // one outstanding send per websocket (java.net.http); skip a beat rather than queue
        try {
            socket.sendText(PlainEdgeClient.timestampedData(System.currentTimeMillis(), channels), true)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // counted by the receiver as a missing message
        }
    }

    private static final class Quiet implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return null;
        }
    }
}
