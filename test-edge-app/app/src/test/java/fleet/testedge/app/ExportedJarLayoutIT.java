package fleet.testedge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The exported test-edge-app.jar has the layout of OpenEMS's openems-edge.jar, which is what fleet
 * reads: embedded bundles under jar/, launcher.properties with bundle order, start levels, system
 * packages and run properties, and bundles carrying DS component descriptions.
 */
class ExportedJarLayoutIT {

    private static final Path JAR = Path.of(System.getProperty("fleet.test.edgeApp", "target/test-edge-app.jar"));

    /** Component name → configuration policy, for every component fleet's tests rely on. */
    private static final Map<String, String> COMPONENTS = Map.ofEntries(
            Map.entry("Core.Cycle", "optional"),
            Map.entry("Core.Sum", "optional"),
            Map.entry("Test.Crash", "require"),
            Map.entry("Test.WorkingDirCleaner", "require"),
            Map.entry("Test.LanDiscoveryUser", "require"),
            Map.entry("Simulator.Datasource.Single.Direct", "require"),
            Map.entry("Simulator.Datasource.CSV.Direct", "require"),
            Map.entry("Simulator.ProductionMeter.Acting", "require"),
            Map.entry("Timedata.Rrd4j", "require"),
            Map.entry("Controller.Api.Rest.ReadOnly", "require"),
            Map.entry("Controller.Api.Websocket", "require"),
            Map.entry("Controller.Api.ModbusTcp.ReadOnly", "require"),
            Map.entry("Controller.Api.Backend", "require"));

    /** Components without a configuration, like OpenEMS's mDNS discovery. */
    private static final Set<String> UNCONFIGURED = Set.of("fleet.testedge.core.lan.LanDiscoveryImpl");

    private static Manifest manifest;
    private static Properties launcher;
    /** Bundle symbolic name → its manifest and entries, for every jar/ entry named in launch.bundles. */
    private static final Map<String, EmbeddedBundle> bundles = new LinkedHashMap<>();

    record EmbeddedBundle(String path, Manifest manifest, Map<String, byte[]> entries) {

        String header(String name) {
            return manifest.getMainAttributes().getValue(name);
        }
    }

    @BeforeAll
    static void readJar() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "exported jar missing: " + JAR.toAbsolutePath());
        try (JarFile jar = new JarFile(JAR.toFile())) {
            manifest = jar.getManifest();
            JarEntry properties = jar.getJarEntry("launcher.properties");
            assertNotNull(properties, "launcher.properties at the root");
            launcher = new Properties();
            try (InputStream in = jar.getInputStream(properties)) {
                launcher.load(in);
            }
            for (String path : launcher.getProperty("launch.bundles").split(",")) {
                JarEntry entry = jar.getJarEntry(path);
                assertNotNull(entry, "launch.bundles names " + path + ", which is not in the jar");
                try (InputStream in = jar.getInputStream(entry)) {
                    EmbeddedBundle bundle = readBundle(path, in.readAllBytes());
                    String bsn = bundle.header("Bundle-SymbolicName").split(";")[0].trim();
                    bundles.put(bsn, bundle);
                }
            }
        }
    }

    @Test
    void isABndExecutableJar() {
        Attributes main = manifest.getMainAttributes();
        assertEquals("aQute.launcher.pre.EmbeddedLauncher", main.getValue("Main-Class"));
        assertTrue(main.getValue("Embedded-Runpath").contains("jar/org.apache.felix.framework-7.0.5.jar"),
                main.getValue("Embedded-Runpath"));
    }

    @Test
    void bundlesAreEmbeddedUnderJarInLaunchOrder() {
        String[] paths = launcher.getProperty("launch.bundles").split(",");
        for (String path : paths) {
            assertTrue(path.startsWith("jar/") && path.endsWith(".jar"), path);
        }
        assertEquals(List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall",
                "com.google.gson", "fleet.testedge.core", "fleet.testedge.components", "fleet.testedge.backend"),
                new ArrayList<>(bundles.keySet()));
        assertEquals("2.2.18", bundles.get("org.apache.felix.scr").header("Bundle-Version"));
    }

    @Test
    void startLevelsAreOpenEmsOnesWithDefaultAndBeginningAboveThem() {
        Map<String, Integer> levels = new HashMap<>();
        for (String clause : splitOutsideQuotes(launcher.getProperty("launch.runbundles.attrs"))) {
            String bsn = clause.split(";")[0];
            for (String attribute : clause.split(";")) {
                if (attribute.startsWith("startlevel=")) {
                    levels.put(bsn, Integer.parseInt(attribute.substring("startlevel=".length())));
                }
            }
        }
        assertEquals(Map.of("org.apache.felix.scr", 10, "org.apache.felix.configadmin", 11,
                "org.apache.felix.fileinstall", 13), levels);
        int defaultLevel = Integer.parseInt(launcher.getProperty("launch.startlevel.default"));
        int beginning = Integer.parseInt(launcher.getProperty("org.osgi.framework.startlevel.beginning"));
        assertTrue(defaultLevel > 13, "default start level " + defaultLevel);
        assertTrue(beginning >= defaultLevel, "beginning start level " + beginning);
    }

    @Test
    void runPropertiesAndSystemPackagesAreThoseOfEdgeApp() {
        assertEquals("config.d", launcher.getProperty("felix.cm.dir"));
        assertEquals("data", launcher.getProperty("openems.data.dir"));
        assertEquals("8080", launcher.getProperty("org.osgi.service.http.port"));
        assertEquals("0", launcher.getProperty("org.apache.felix.eventadmin.Timeout"));
        List<String> systemPackages = splitOutsideQuotes(launcher.getProperty("launch.system.packages"));
        assertTrue(systemPackages.contains("sun.misc"), systemPackages.toString());
        assertTrue(systemPackages.contains("com.sun.net.httpserver"), systemPackages.toString());
    }

    @Test
    void ownBundlesDescribeTheComponentsWithOpenEmsPids() throws Exception {
        Map<String, Element> found = new HashMap<>();
        for (String bsn : List.of("fleet.testedge.core", "fleet.testedge.components", "fleet.testedge.backend")) {
            EmbeddedBundle bundle = bundles.get(bsn);
            String header = bundle.header("Service-Component");
            assertNotNull(header, bsn + " has no Service-Component header");
            for (String path : header.split(",")) {
                byte[] xml = bundle.entries().get(path.trim());
                assertNotNull(xml, bsn + " lacks " + path);
                Element component = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(xml)).getDocumentElement();
                found.put(component.getAttribute("name"), component);
            }
        }
        Set<String> unconfigured = new HashSet<>();
        found.values().removeIf(c -> c.getAttribute("configuration-pid").isEmpty() && unconfigured.add(c.getAttribute("name")));
        assertEquals(UNCONFIGURED, unconfigured);
        assertEquals(COMPONENTS.keySet(), found.keySet());
        COMPONENTS.forEach((name, policy) -> {
            Element component = found.get(name);
            assertEquals(policy, component.getAttribute("configuration-policy"), name);
            assertEquals(name, component.getAttribute("configuration-pid"), name);
        });
        NodeList references = found.get("Simulator.ProductionMeter.Acting").getElementsByTagName("reference");
        assertEquals(1, references.getLength());
        assertEquals("datasource", ((Element) references.item(0)).getAttribute("name"),
                "the reference name makes `datasource.target` its target filter");
    }

    @Test
    void backendClientImportsGsonFromItsOwnBundle() {
        String imports = bundles.get("fleet.testedge.backend").header("Import-Package");
        assertTrue(imports.contains("com.google.gson"), imports);
    }

    @Test
    void noOpenEmsCodeInside() {
        bundles.forEach((bsn, bundle) -> bundle.entries().keySet().forEach(
                entry -> assertFalse(entry.contains("io/openems/"), bsn + " contains " + entry)));
    }

    private static EmbeddedBundle readBundle(String path, byte[] content) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(content))) {
            Manifest bundleManifest = in.getManifest();
            assertNotNull(bundleManifest, path + " has no manifest");
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
            return new EmbeddedBundle(path, bundleManifest, entries);
        }
    }

    /** Splits an OSGi header at commas that are not inside double quotes. */
    private static List<String> splitOutsideQuotes(String header) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().trim());
        return parts;
    }
}
