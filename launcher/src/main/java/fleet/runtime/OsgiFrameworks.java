package fleet.runtime;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import fleet.plan.OsgiFramework;

/**
 * Makes frameworks of the chosen implementation through the standard launch API
 * ({@link FrameworkFactory}), with the properties that implementation needs besides the common ones.
 * Both implementations are on the class path, so the factory is named, not looked up.
 */
final class OsgiFrameworks {

    private OsgiFrameworks() {
    }

    static FrameworkFactory factory(OsgiFramework kind) {
        return switch (kind) {
            case FELIX -> new org.apache.felix.framework.FrameworkFactory();
            case EQUINOX -> new org.eclipse.osgi.launch.EquinoxFactory();
        };
    }

    /**
     * The launch API types the configuration as strings; Felix takes objects too (its logger), and
     * Equinox ignores values that are not strings, so the map is passed as it is.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Framework create(OsgiFramework kind, Map<String, Object> config) {
        return factory(kind).newFramework((Map) config);
    }

    /**
     * Equinox's own settings for a framework whose storage is {@code cacheDir}: every area it may
     * write into inside that directory (nothing in the user's home or the working directory), no
     * console, no application, the system bundle's manifest (see {@link EquinoxSystemBundle}), and
     * its framework log into {@code logFile} unless {@code logFile} is null (then off). The initial bundle
     * start level is not a property Equinox reads: EdgeFramework sets it through FrameworkStartLevel.
     */
    static void equinoxProperties(Map<String, Object> config, Path cacheDir, Path logFile) {
        // the configuration area is the storage (org.osgi.framework.storage); the others next to it
        Path areas = cacheDir.resolveSibling(cacheDir.getFileName() + "-equinox");
        config.put("osgi.install.area", areas.resolve("install").toString());
        config.put("osgi.instance.area", areas.resolve("instance").toString());
        config.put("osgi.user.area", areas.resolve("user").toString());
        EquinoxSystemBundle.frameworkLocation(areas.resolve("system"))
                .ifPresent(location -> config.put("osgi.framework", location));
        config.remove("osgi.console"); // set (even empty) it would open a console on System.in
        config.put("osgi.checkConfiguration", "false");
        config.put("eclipse.ignoreApp", "true");
        config.put("osgi.noShutdown", "true");
        // Felix delegates a class that a bundle cannot load to the parent when the request comes from
        // outside the bundle (implicit boot delegation); Equinox's nearest is this fallback.
        config.put("osgi.compatibility.bootdelegation", "true");
        // Equinox's framework log: errors and warnings only, into the edge's logs, never on the console.
        config.put("eclipse.consoleLog", "false");
        config.put("eclipse.log.level", "WARNING");
        if (logFile == null) {
            config.put("eclipse.log.enabled", "false");
        } else {
            config.put("osgi.logfile", logFile.toString());
        }
    }
}
