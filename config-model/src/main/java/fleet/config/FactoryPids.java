package fleet.config;

import java.util.Set;

/** Factory PIDs of OpenEMS components that rendering treats specially. */
public final class FactoryPids {

    public static final String BACKEND = "Controller.Api.Backend";
    public static final String REST_READ_ONLY = "Controller.Api.Rest.ReadOnly";
    public static final String REST_READ_WRITE = "Controller.Api.Rest.ReadWrite";
    public static final String WEBSOCKET = "Controller.Api.Websocket";
    public static final String MODBUS_TCP_READ_ONLY = "Controller.Api.ModbusTcp.ReadOnly";
    public static final String MODBUS_TCP_READ_WRITE = "Controller.Api.ModbusTcp.ReadWrite";
    public static final String DEBUG_LOG = "Controller.Debug.Log";

    /** The PID of pax-logging's log4j2 settings (a singleton). */
    public static final String PAX_LOGGING = "org.ops4j.pax.logging";

    /**
     * Components whose {@code port} is the port of a remote device they connect to, not one they
     * listen on: their ports are left as they are. Every {@code Bridge.*} counts as such a client.
     */
    static final Set<String> CLIENT_PORT_FACTORIES = Set.of("Kostal.Piko.Core", "Tesla.Powerwall2.Core");

    private FactoryPids() {
    }

    static boolean isClient(String factoryPid) {
        return factoryPid.startsWith("Bridge.") || CLIENT_PORT_FACTORIES.contains(factoryPid);
    }
}
