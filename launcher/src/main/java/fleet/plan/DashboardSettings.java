package fleet.plan;

/**
 * The status dashboard, JSON API and metrics endpoint.
 *
 * @param port 0 = off
 * @param bind address to listen on; loopback unless the user exposes it deliberately
 */
public record DashboardSettings(int port, String bind) {

    public static final int DEFAULT_PORT = 8090;

    public DashboardSettings {
        Check.range("--dashboard-port", port, 0, 65535);
        Check.notNull("--dashboard-bind", bind);
    }

    public boolean enabled() {
        return port != 0;
    }
}
