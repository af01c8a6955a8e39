package fleet.testedge.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Controller.Api.Rest.ReadOnly}: an HTTP server on {@code port} (all interfaces, 0 = any free
 * port) that answers every request with 200 and a tiny JSON object naming the component.
 */
@Component(name = RestApiReadOnly.PID, configurationPid = RestApiReadOnly.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = TestEdgeComponent.class,
        property = { "id=ctrlApiRest0", "enabled:Boolean=true" })
public class RestApiReadOnly implements TestEdgeComponent {

    static final String PID = "Controller.Api.Rest.ReadOnly";

    public @interface Config {
        String id() default "ctrlApiRest0";

        boolean enabled() default true;

        int port() default 8084;
    }

    private String id;
    private HttpServer server;

    @Activate
    void activate(Config config) {
        id = config.id();
        if (config.enabled()) {
            server = PortBindings.httpServer(PID, id, config.port());
            server.createContext("/", this::answer);
            server.start();
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The port it listens on; 0 when disabled. */
    public int getLocalPort() {
        return server == null ? 0 : server.getAddress().getPort();
    }

    @Override
    public String id() {
        return id;
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = ("{\"component\":\"" + id + "\",\"factoryId\":\"" + PID + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
