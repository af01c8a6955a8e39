package fleet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import fleet.FleetException;
import fleet.app.AppBundle;
import fleet.app.EdgeApp;
import fleet.plan.OsgiFramework;

/**
 * Looks at an edge application once, in a throwaway framework, before any edge starts: every
 * bundle must install (a broken bundle is one clear error naming the file instead of N failed
 * edges), and — when asked — which bundles a set of root bundles really needs: resolve everything
 * once, then walk the wiring (packages, required bundles, fragments) and the Declarative Services
 * references the bundles declare as mandatory ({@code osgi.service} requirements).
 */
public final class BundleCheck {

    private static final String SERVICE_NAMESPACE = "osgi.service";

    private BundleCheck() {
    }

    /** Checks that every bundle installs. */
    public static void verify(EdgeApp app, Path scratch, OsgiFramework kind) {
        inspect(app, scratch, Optional.empty(), kind);
    }

    /**
     * Checks that every bundle installs and returns the closure of {@code roots}: the roots and every
     * bundle they need to resolve and to satisfy their mandatory service references, transitively.
     */
    /** @param kind the framework implementation that resolves (the one the edges run on) */
    public static Set<AppBundle> closure(EdgeApp app, Collection<AppBundle> roots, Path scratch, OsgiFramework kind) {
        return inspect(app, scratch, Optional.of(roots), kind).orElseThrow();
    }

    private static Optional<Set<AppBundle>> inspect(EdgeApp app, Path scratch, Optional<Collection<AppBundle>> roots,
            OsgiFramework kind) {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, scratch.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (!app.systemPackagesExtra().isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, app.systemPackagesExtra());
        }
        if (!app.systemCapabilitiesExtra().isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, app.systemCapabilitiesExtra());
        }
        if (kind == OsgiFramework.EQUINOX) {
            OsgiFrameworks.equinoxProperties(config, scratch.resolve("storage"), null);
            config.put(Constants.FRAMEWORK_STORAGE, scratch.resolve("storage").toString());
        } else {
            config.put("felix.log.level", "0");
        }
        Framework osgi = OsgiFrameworks.create(kind, config);
        try {
            osgi.init();
            Map<Bundle, AppBundle> installed = new HashMap<>();
            for (AppBundle bundle : app.bundles()) {
                try {
                    installed.put(osgi.getBundleContext().installBundle(bundle.location()), bundle);
                } catch (BundleException e) {
                    throw FleetException.badInput("--edge-app " + app.source() + ": bundle " + bundle.file().getFileName()
                            + " cannot be installed: " + e.getMessage(), e);
                }
            }
            if (roots.isEmpty()) {
                return Optional.empty();
            }
            osgi.adapt(FrameworkWiring.class).resolveBundles(null);
            return Optional.of(walk(installed, roots.get()));
        } catch (BundleException e) {
            throw FleetException.failure("cannot start a " + kind.label() + " framework to check the edge application: "
                    + e.getMessage(), e);
        } finally {
            try {
                osgi.stop();
                osgi.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                Thread.interrupted();
            }
            deleteQuietly(scratch);
        }
    }

    /**
     * The wiring closure of the roots, then, as long as some bundle in it has a mandatory service
     * reference that no bundle in it provides, the first provider of the first such reference (in
     * the application's order) and its wiring closure. Deterministic: the same application and roots
     * always give the same bundles.
     */
    private static Set<AppBundle> walk(Map<Bundle, AppBundle> installed, Collection<AppBundle> roots) {
        List<Bundle> inAppOrder = installed.keySet().stream()
                .sorted(Comparator.comparingLong(Bundle::getBundleId)).toList();
        Map<AppBundle, Bundle> byApp = new HashMap<>();
        installed.forEach((bundle, app) -> byApp.put(app, bundle));
        Set<Bundle> needed = new LinkedHashSet<>();
        addWithWiring(needed, roots.stream().map(byApp::get).sorted(Comparator.comparingLong(Bundle::getBundleId)).toList());
        while (true) {
            Optional<Bundle> missing = firstMissingProvider(needed, inAppOrder);
            if (missing.isEmpty()) {
                break;
            }
            addWithWiring(needed, List.of(missing.get()));
        }
        Set<AppBundle> result = new LinkedHashSet<>();
        inAppOrder.stream().filter(needed::contains).forEach(bundle -> result.add(installed.get(bundle)));
        return result;
    }

    /** Adds the bundles and everything they are wired to: packages, required bundles, fragments. */
    private static void addWithWiring(Set<Bundle> needed, List<Bundle> bundles) {
        Deque<Bundle> todo = new ArrayDeque<>(bundles);
        while (!todo.isEmpty()) {
            Bundle bundle = todo.poll();
            if (bundle.getBundleId() == 0 || !needed.add(bundle)) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(null)) {
                    todo.add(wire.getProvider().getBundle());
                }
                for (BundleWire fragment : wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
                    todo.add(fragment.getRequirer().getBundle());
                }
            }
        }
    }

    /** The first provider of the first mandatory service reference that nothing in {@code needed} provides. */
    private static Optional<Bundle> firstMissingProvider(Set<Bundle> needed, List<Bundle> inAppOrder) {
        for (Bundle bundle : inAppOrder) {
            if (!needed.contains(bundle)) {
                continue;
            }
            for (BundleRequirement requirement : bundle.adapt(BundleRevision.class)
                    .getDeclaredRequirements(SERVICE_NAMESPACE)) {
                if (Constants.RESOLUTION_OPTIONAL.equals(requirement.getDirectives().get(Constants.RESOLUTION_DIRECTIVE))) {
                    continue;
                }
                List<Bundle> providers = serviceProviders(inAppOrder, requirement);
                if (!providers.isEmpty() && providers.stream().noneMatch(needed::contains)) {
                    return Optional.of(providers.get(0));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Bundle> serviceProviders(Collection<Bundle> bundles, BundleRequirement requirement) {
        String filterText = requirement.getDirectives().get(Constants.FILTER_DIRECTIVE);
        Filter filter;
        try {
            filter = filterText == null ? null : FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            return List.of();
        }
        return bundles.stream().filter(bundle -> {
            for (BundleCapability capability : bundle.adapt(BundleRevision.class)
                    .getDeclaredCapabilities(SERVICE_NAMESPACE)) {
                if (filter == null || filter.matches(capability.getAttributes())) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch directory is cleaned on the next check
        }
    }
}
