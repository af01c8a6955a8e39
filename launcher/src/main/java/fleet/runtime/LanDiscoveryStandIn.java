package fleet.runtime;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * No LAN discovery from the edges. OpenEMS starts JmDNS in every edge: its {@code MDnsDiscoveryImpl}
 * is a delayed component (no configuration) that activates when a consumer — the App Manager's
 * Shelly discovery — gets its service, and then multicasts on the LAN, from every edge of the fleet.
 *
 * <p>Before an edge's bundles start, fleet registers a stand-in for that service with the highest
 * ranking, which discovers nothing: the consumers bind to it, so OpenEMS's implementation is never
 * activated — no JmDNS, no socket, no thread, and no component of OpenEMS disabled or changed.
 * {@code --mdns} keeps OpenEMS's own.
 */
final class LanDiscoveryStandIn {

    /** Framework property: the service interfaces to stand in for, comma-separated; absent = none. */
    static final String SERVICES = "fleet.edge.lanDiscovery.standIn";
    /** OpenEMS's service, in {@code io.openems.edge.common}. */
    static final String OPENEMS_MDNS = "io.openems.edge.common.mdns.MDnsDiscovery";

    private LanDiscoveryStandIn() {
    }

    /**
     * Registers a stand-in for each named service whose package a bundle of this framework exports;
     * returns the services stood in for. Call it after the bundles are installed, before they start.
     */
    static List<String> register(BundleContext system, Map<String, Object> frameworkProperties) {
        Object services = frameworkProperties.get(SERVICES);
        List<String> registered = new ArrayList<>();
        if (!(services instanceof String names) || names.isBlank()) {
            return registered;
        }
        for (String service : names.split(",")) {
            Bundle exporter = exporterOf(system, packageOf(service.strip()));
            if (exporter == null) {
                continue; // this edge app has no such service: nothing discovers
            }
            Class<?> type;
            try {
                type = exporter.loadClass(service.strip());
            } catch (ClassNotFoundException | IllegalStateException e) {
                continue;
            }
            Object discoversNothing = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "toString" -> "fleet's stand-in for " + type.getName() + " (no LAN discovery)";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> method.getReturnType() == AutoCloseable.class ? (AutoCloseable) () -> {
                        } : null;
                    });
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
            properties.put(Constants.SERVICE_DESCRIPTION, "fleet: no LAN discovery from this edge (--mdns keeps it)");
            system.registerService(type.getName(), discoversNothing, properties);
            registered.add(type.getName());
        }
        return registered;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Bundle exporterOf(BundleContext system, String packageName) {
        for (Bundle bundle : system.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (bundle.getBundleId() == 0 || revision == null) {
                continue;
            }
            for (BundleCapability export : revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                if (packageName.equals(export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))) {
                    return bundle;
                }
            }
        }
        return null;
    }
}
