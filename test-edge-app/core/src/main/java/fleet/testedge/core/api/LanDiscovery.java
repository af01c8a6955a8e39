package fleet.testedge.core.api;

import java.util.function.Consumer;

/**
 * Stands in for OpenEMS's {@code MDnsDiscovery}: a service that discovers devices on the LAN, whose
 * implementation starts multicasting when it is activated, and whose consumers subscribe to a
 * service type.
 */
public interface LanDiscovery {

    AutoCloseable subscribeService(String serviceType, Consumer<String> onChange);
}
