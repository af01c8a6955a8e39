package fleet.testedge.api;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Controller.Api.ModbusTcp.ReadOnly}: the edge's Modbus/TCP slave; here it accepts and closes connections.
 * Binds {@code port} on all interfaces at activation (0 = any free port), as OpenEMS does. With
 * {@code deactivateSleepMillis} it sleeps on deactivation as OpenEMS's Modbus/TCP API does (10 s),
 * so that a test can see whether such sleeps add up when many edges stop.
 */
@Component(name = ModbusTcpApiReadOnly.PID, configurationPid = ModbusTcpApiReadOnly.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = TestEdgeComponent.class,
        property = { "id=ctrlApiModbusTcp0", "enabled:Boolean=true" })
public class ModbusTcpApiReadOnly implements TestEdgeComponent {

    static final String PID = "Controller.Api.ModbusTcp.ReadOnly";

    public @interface Config {
        String id() default "ctrlApiModbusTcp0";

        boolean enabled() default true;

        int port() default 502;

        int deactivateSleepMillis() default 0;
    }

    private String id;
    private int deactivateSleepMillis;
    private AcceptAndClose server;

    @Activate
    void activate(Config config) {
        id = config.id();
        deactivateSleepMillis = config.deactivateSleepMillis();
        if (config.enabled()) {
            server = new AcceptAndClose(PID, id, config.port());
        }
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        if (server != null) {
            server.close();
        }
        try {
            Thread.sleep(deactivateSleepMillis);
        } catch (InterruptedException e) {
            // as OpenEMS's AbstractModbusApi: the interrupt ends the sleep, and deactivation goes on
            System.out.println(PID + " [" + id + "] deactivation sleep interrupted");
        }
    }

    /** The port it listens on; 0 when disabled. */
    public int getLocalPort() {
        return server == null ? 0 : server.localPort();
    }

    @Override
    public String id() {
        return id;
    }
}
