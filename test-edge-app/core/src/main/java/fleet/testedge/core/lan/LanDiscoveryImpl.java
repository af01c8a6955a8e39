package fleet.testedge.core.lan;

import java.io.IOException;
import java.net.MulticastSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import fleet.testedge.core.api.LanDiscovery;

/**
 * Like OpenEMS's {@code MDnsDiscoveryImpl}: a delayed component with no configuration that opens a
 * multicast socket when a consumer first gets its service. It leaves {@code lan-discovery.started}
 * in the edge's data directory, so a test can see whether it ever ran.
 */
@Component(service = LanDiscovery.class)
public class LanDiscoveryImpl implements LanDiscovery {

    static final String MARKER = "lan-discovery.started";

    private MulticastSocket socket;

    @Activate
    void activate() throws IOException {
        socket = new MulticastSocket(0);
        String dataDir = System.getProperty("openems.data.dir", "");
        if (!dataDir.isEmpty()) {
            Files.createDirectories(Path.of(dataDir));
            Files.writeString(Path.of(dataDir, MARKER), "port " + socket.getLocalPort());
        }
    }

    @Deactivate
    void deactivate() {
        socket.close();
    }

    @Override
    public AutoCloseable subscribeService(String serviceType, Consumer<String> onChange) {
        return () -> {
        };
    }
}
