package fleet.web;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpServer;

import fleet.FleetException;
import fleet.control.FleetControl;
import fleet.host.bind.BindHook;
import fleet.plan.DashboardSettings;
import fleet.state.FleetState;

/**
 * The status dashboard, the JSON API and {@code /metrics} of a running fleet, on the JDK's HTTP
 * server. Observes {@link FleetState} only; every change goes through {@link FleetControl}, and only
 * with the {@link AccessToken} printed at start, from loopback (see {@link AccessGuard}).
 *
 * <p>How FleetRun uses it: {@link #start} once the runtime and the backend link exist, print
 * {@link #pageUrl()}, put {@link #url()} into FleetInfo and the work dir's lock, {@link #close()}
 * first on the way down.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DashboardServer.class.getName());
    /** Requests served at the same time; an action (restart, add edges) holds one until it is done. */
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final FleetSampler sampler;
    private final AccessToken token;
    private final String url;

    private DashboardServer(HttpServer server, ExecutorService executor, FleetSampler sampler, AccessToken token,
            String url) {
        this.server = server;
        this.executor = executor;
        this.sampler = sampler;
        this.token = token;
        this.url = url;
    }

    /**
     * Listens on {@code settings.bind()}:{@code settings.port()}.
     *
     * @throws FleetException when the address is unknown or the port is taken
     */
    public static DashboardServer start(DashboardSettings settings, FleetState state, FleetControl control) {
        return start(address(settings), state, control);
    }

    /** On a given socket address; port 0 = any free port (tests). */
    public static DashboardServer start(InetSocketAddress address, FleetState state, FleetControl control) {
        HttpServer server;
        try (var asAsked = BindHook.bindAsAsked()) { // --dashboard-bind is the user's, not --edge-bind
            server = HttpServer.create(address, 64);
        } catch (BindException e) {
            throw FleetException.failure("dashboard: cannot listen on " + hostPort(address) + ": " + e.getMessage()
                    + " — choose another --dashboard-port, or --dashboard-port 0 to turn the dashboard off", e);
        } catch (IOException e) {
            throw FleetException.failure("dashboard: cannot listen on " + hostPort(address) + ": " + e
                    + " — check --dashboard-bind and --dashboard-port", e);
        }
        AccessToken token = AccessToken.random();
        FleetSampler sampler = new FleetSampler(state);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, named());
        boolean loopbackOnly = address.getAddress().isLoopbackAddress();
        server.createContext("/", new Routes(state, control, sampler, new AccessGuard(token, loopbackOnly)));
        server.setExecutor(executor);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String url = "http://" + hostPort(new InetSocketAddress(
                address.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address.getAddress(),
                bound.getPort())) + "/";
        LOG.info("dashboard listening on " + hostPort(bound) + ", " + url);
        return new DashboardServer(server, executor, sampler, token, url);
    }

    /** Where the dashboard answers, e.g. http://127.0.0.1:8090/ (a wildcard bind is reached via loopback). */
    public String url() {
        return url;
    }

    /** The URL to open: it hands the token to the page, which keeps it for this tab only. */
    public String pageUrl() {
        return url + "?token=" + token.value();
    }

    /** What every action must carry in the {@code X-Fleet-Token} header. */
    public String token() {
        return token.value();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        sampler.close();
    }

    private static InetSocketAddress address(DashboardSettings settings) {
        try {
            return new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port());
        } catch (UnknownHostException e) {
            throw FleetException.badInput("--dashboard-bind " + settings.bind()
                    + " is not an address of this machine (e.g. 127.0.0.1, or 0.0.0.0 to expose it deliberately)", e);
        }
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static java.util.concurrent.ThreadFactory named() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fleet-dashboard-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
