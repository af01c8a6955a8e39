package fleet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

import fleet.FleetException;
import fleet.app.AppBundle;
import fleet.app.EdgeApp;

/**
 * Installs every bundle of an edge application once into a throwaway framework before any edge
 * starts, so that a broken bundle is one clear error naming the file instead of N failed edges.
 */
public final class BundleCheck {

    private BundleCheck() {
    }

    public static void verify(EdgeApp app, Path scratch) {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, scratch.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (!app.systemPackagesExtra().isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, app.systemPackagesExtra());
        }
        config.put("felix.log.level", "0");
        Felix felix = new Felix(config);
        try {
            felix.init();
            for (AppBundle bundle : app.bundles()) {
                try {
                    felix.getBundleContext().installBundle(bundle.location());
                } catch (BundleException e) {
                    throw FleetException.badInput("--edge-app " + app.source() + ": bundle " + bundle.file().getFileName()
                            + " cannot be installed: " + e.getMessage(), e);
                }
            }
        } catch (BundleException e) {
            throw FleetException.failure("cannot start a Felix framework to check the edge application: "
                    + e.getMessage(), e);
        } finally {
            try {
                felix.stop();
                felix.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                Thread.interrupted();
            }
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch directory is cleaned on the next check
        }
    }
}
