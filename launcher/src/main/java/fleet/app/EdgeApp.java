package fleet.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An OpenEMS Edge application as fleet runs it: the bundles in launch order and the launch
 * properties, read once and shared by every edge.
 *
 * @param source              the jar or directory the user gave
 * @param id                  SHA-256 of the jar (or a digest of the directory listing)
 * @param bundles             bundles in the order the application launches them
 * @param defaultStartLevel   start level of bundles without an explicit one
 * @param beginningStartLevel framework start level once started (above every bundle's)
 * @param runProperties       the application's run properties (e.g. org.apache.felix.eventadmin.Timeout);
 *                            fleet overrides the per-edge ones
 * @param systemPackagesExtra extra packages the system bundle exports (e.g. sun.misc)
 * @param systemCapabilitiesExtra extra system capabilities, may be empty
 */
public record EdgeApp(Path source, String id, List<AppBundle> bundles, int defaultStartLevel,
        int beginningStartLevel, Map<String, String> runProperties, String systemPackagesExtra,
        String systemCapabilitiesExtra) {

    public EdgeApp {
        bundles = List.copyOf(bundles);
        runProperties = Map.copyOf(runProperties);
    }

    /** The same application with only these of its bundles (in the application's order). */
    public EdgeApp withBundles(java.util.Collection<AppBundle> keep) {
        return new EdgeApp(source, id, bundles.stream().filter(keep::contains).toList(), defaultStartLevel,
                beginningStartLevel, runProperties, systemPackagesExtra, systemCapabilitiesExtra);
    }

    /** A short description for the console, e.g. "openems-edge.jar (276 bundles)". */
    public String describe() {
        return source.getFileName() + " (" + bundles.size() + " bundles)";
    }
}
