package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.cm.file.ConfigurationHandler;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** What fleet renders is what a real Felix ConfigAdmin loads: every file, every PID, every value. */
class FelixConfigAdminTest {

    @TempDir
    Path tmp;

    private Felix felix;

    @AfterEach
    void stop() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    @Test
    void renderedEdgeLoadsInConfigAdminWithItsPidsValuesAndResolvedFilters() throws Exception {
        RenderedEdge edge = RenderFixtures.renderer().render(RenderFixtures.spec(7));
        Path configDir = tmp.resolve("edge7/config.d");
        edge.writeTo(configDir);

        Map<String, Map<String, Object>> loaded = loadWithConfigAdmin(configDir);

        assertEquals(new TreeSet<>(edge.pids().values()), new TreeSet<>(loaded.keySet()),
                "ConfigAdmin loaded every rendered file, none skipped");
        for (Configuration rendered : edge.configurations()) {
            Map<String, Object> actual = loaded.get(rendered.pid().orElseThrow());
            Map<String, Object> expected = rendered.toJava();
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()), rendered.describe());
            expected.forEach((key, value) -> ConfigFileTest.assertJavaEquals(value, actual.get(key),
                    rendered.describe() + " " + key));
        }

        // LDAP filters: each *.target names its component ids and excludes its own (new) PID.
        Pattern ids = Pattern.compile("\\(id=([^)]*)\\)");
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> config : loaded.entrySet()) {
            for (Map.Entry<String, Object> property : config.getValue().entrySet()) {
                if (!property.getKey().endsWith(".target")) {
                    continue;
                }
                String target = (String) property.getValue();
                Filter filter = FrameworkUtil.createFilter(target);
                Set<String> expectedIds = new TreeSet<>();
                for (Matcher m = ids.matcher(target); m.find();) {
                    expectedIds.add(m.group(1));
                }
                Set<String> matchedIds = new TreeSet<>();
                for (Map<String, Object> other : loaded.values()) {
                    if (filter.matches(other)) {
                        matchedIds.add((String) other.get("id"));
                    }
                }
                assertEquals(expectedIds, matchedIds, config.getKey() + " " + property.getKey() + "=" + target);
                assertFalse(filter.matches(config.getValue()), "a filter never matches its own configuration");
                checked++;
            }
        }
        assertEquals(6, checked, "ess/meter of balancing, datasource of meter1..3, meter of the heating element");
    }

    @Test
    void householdRenderedEdgeLoadsWithItsDayRowsAndFactor() throws Exception {
        RenderedEdge edge = new fleet.household.HouseholdRendering(fleet.household.HouseholdRoles.BUILT_IN,
                fleet.household.Profile.REALISTIC).apply(RenderFixtures.renderer().render(RenderFixtures.spec(2)),
                        new fleet.household.Household(7_300, 2_900, 6_500, -25),
                        java.time.LocalDateTime.of(2026, 3, 1, 9, 41));
        edge = new fleet.household.HouseholdRendering(fleet.household.HouseholdRoles.BUILT_IN,
                fleet.household.Profile.FLAT).apply(edge, new fleet.household.Household(2_500, 2_190, 6_500, 0),
                        java.time.LocalDateTime.of(2026, 3, 1, 9, 41));
        Path configDir = tmp.resolve("edge2/config.d");
        edge.writeTo(configDir);

        Map<String, Map<String, Object>> loaded = loadWithConfigAdmin(configDir);

        int datasources = 0;
        for (Configuration rendered : edge.configurations()) {
            if (!rendered.factoryPid().orElse("").equals("Simulator.Datasource.CSV.Direct")) {
                continue;
            }
            Map<String, Object> actual = loaded.get(rendered.pid().orElseThrow());
            assertEquals(288, ((String) actual.get("source")).split("\n").length, rendered.describe());
            assertEquals(300, actual.get("timeDelta"));
            assertTrue(actual.get("factor") instanceof Float, "factor is a Float, as OpenEMS's config declares it");
            datasources++;
        }
        assertEquals(3, datasources);
    }

    @Test
    void felixReadsTheNastyConfigurationFromItsFile() throws Exception {
        Configuration nasty = ConfigFileTest.nasty().with(Configuration.SERVICE_PID, ConfigValue.of("nasty.pid\u00e8"));
        Path configDir = tmp.resolve("nasty");
        ConfigFile.write(configDir.resolve(ConfigFile.relativePath("nasty.pid\u00e8")), nasty);
        Map<String, Map<String, Object>> loaded = loadWithConfigAdmin(configDir);
        Map<String, Object> actual = loaded.get("nasty.pid\u00e8");
        assertNotNull(actual, "loaded: " + loaded.keySet());
        Map<String, Object> expected = new HashMap<>(nasty.toJava());
        // ConfigAdmin keeps its revision counter to itself.
        expected.remove(":org.apache.felix.configadmin.revision:");
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()));
        expected.forEach((key, value) -> ConfigFileTest.assertJavaEquals(value, actual.get(key), key));
    }

    /** Starts a Felix framework with the ConfigAdmin bundle on this directory and lists every configuration. */
    private Map<String, Map<String, Object>> loadWithConfigAdmin(Path configDir) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("felix-cache-" + System.nanoTime()).toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.service.urlhandlers", "false");
        properties.put("felix.cm.dir", configDir.toAbsolutePath().toString());
        felix = new Felix(properties);
        felix.start();
        BundleContext context = felix.getBundleContext();
        String configAdminJar = ConfigurationHandler.class.getProtectionDomain().getCodeSource().getLocation()
                .toString();
        Bundle configAdmin = context.installBundle(configAdminJar);
        configAdmin.start();
        ServiceReference<?> ref = null;
        for (long deadline = System.nanoTime() + 10_000_000_000L; ref == null && System.nanoTime() < deadline;) {
            // getAll...: the test's class path also holds org.osgi.service.cm, so Felix would hide the
            // service from the system bundle as "not assignable".
            ServiceReference<?>[] refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
            ref = refs == null ? null : refs[0];
            if (ref == null) {
                Thread.sleep(20);
            }
        }
        assertNotNull(ref, "ConfigAdmin runs (bundle state " + configAdmin.getState() + ")");
        Object cm = context.getService(ref);
        Class<?> cmClass = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationClass = configAdmin.loadClass("org.osgi.service.cm.Configuration");
        Object[] configurations = (Object[]) cmClass.getMethod("listConfigurations", String.class).invoke(cm,
                (String) null);
        Method getPid = configurationClass.getMethod("getPid");
        Method getProperties = configurationClass.getMethod("getProperties");
        Map<String, Map<String, Object>> loaded = new HashMap<>();
        for (Object configuration : configurations == null ? new Object[0] : configurations) {
            Dictionary<?, ?> dictionary = (Dictionary<?, ?>) getProperties.invoke(configuration);
            Map<String, Object> map = new HashMap<>();
            for (Object key : Collections.list(dictionary.keys())) {
                map.put((String) key, dictionary.get(key));
            }
            loaded.put((String) getPid.invoke(configuration), map);
        }
        assertTrue(loaded.size() > 0, "ConfigAdmin found configurations in " + configDir);
        return loaded;
    }
}
