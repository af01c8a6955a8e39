package fleet.runtime;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;

import fleet.app.EdgeApp;
import fleet.plan.OsgiFramework;

/**
 * The configuration of one edge's framework. The application's run properties come first; then
 * everything that must differ per edge or that keeps N frameworks in one JVM cheap and apart.
 * These are framework properties only — never JVM system properties (Felix would fall back to
 * those for every framework).
 */
final class FrameworkProperties {

    /** Property that tells fleet's JVM-wide hooks which edge a framework is. */
    static final String EDGE_NAME = "fleet.edge.name";

    private FrameworkProperties() {
    }

    static Map<String, Object> of(EdgeApp app, EdgeLaunch launch, OsgiFramework kind) {
        Map<String, Object> config = new HashMap<>(app.runProperties());
        var dirs = launch.dirs();
        config.put(EDGE_NAME, launch.name());
        config.put(Constants.FRAMEWORK_STORAGE, dirs.cacheDir().toString());
        // A fresh cache on every start: bundles are installed by reference, so this costs little and
        // no state of an earlier run (or an older edge app) can leak into this one.
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.cm.dir", dirs.configDir().toString());
        config.put("openems.data.dir", dirs.dataDir().toString());
        config.put("felix.fileinstall.dir", dirs.loadDir().toString());
        config.put("felix.fileinstall.log.level", "1");
        // pax-logging would otherwise reset java.util.logging for the whole JVM on every framework start.
        config.put("org.ops4j.pax.logging.skipJUL", "true");
        // EventAdmin's default pool of 20 threads per framework is most of an edge's threads.
        config.put("org.apache.felix.eventadmin.ThreadPoolSize", "2");
        // fleet reads SCR's component states only when its service.changecount moves; SCR batches
        // that update for 5 s by default, 1 s keeps the dashboard as current as a 2-s probe.
        config.put("ds.service.changecount.timeout", "1000");
        // Felix HTTP (Jetty) is off unless the user asks for it; then it listens on loopback only.
        config.put("org.apache.felix.http.enable", "false");
        config.put("org.apache.felix.http.host", "127.0.0.1");
        config.put("org.apache.felix.https.enable", "false");
        if (!app.systemPackagesExtra().isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, app.systemPackagesExtra());
        }
        if (!app.systemCapabilitiesExtra().isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, app.systemCapabilitiesExtra());
        }
        config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(app.beginningStartLevel()));
        config.put("felix.startlevel.bundle", Integer.toString(app.defaultStartLevel()));
        if (kind == OsgiFramework.EQUINOX) {
            OsgiFrameworks.equinoxProperties(config, dirs.cacheDir(), dirs.logsDir().resolve("equinox.log"));
        }
        config.putAll(launch.properties());
        return config;
    }
}
