package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import fleetprobe.stopped.DataDirReader;

/**
 * An edge's threads can outlive its bundles (OpenEMS workers finish their last round after the
 * framework stopped). What they ask the JVM for must still be their own edge's answer, not the
 * JVM-wide one: with the scoped properties, and with the console routing that uses the same lookup.
 */
class StoppedBundleLookupTest {

    @TempDir
    Path dir;

    @Test
    void codeOfAStoppedEdgeStillGetsItsOwnDataDir() throws Exception {
        FrameworkScopedProperties.install();
        Path bundleJar = bundleWith(DataDirReader.class);
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("openems.data.dir", dir.resolve("edge7-data").toString());
        config.put(FrameworkProperties.EDGE_NAME, "edge7");
        Felix felix = new Felix(config);
        felix.init();
        Bundle bundle = felix.getBundleContext().installBundle(bundleJar.toUri().toString());
        FrameworkScopedProperties.remember(felix.getBundleContext());
        felix.start();
        bundle.start();
        @SuppressWarnings("unchecked")
        Supplier<String> reader = (Supplier<String>) bundle.loadClass(DataDirReader.class.getName())
                .getDeclaredConstructor().newInstance();
        assertEquals(dir.resolve("edge7-data").toString(), reader.get(), "while the edge runs");

        felix.stop();
        felix.waitForStop(10_000);
        assertNull(bundle.getBundleContext(), "a stopped bundle has no context");
        assertEquals(dir.resolve("edge7-data").toString(), reader.get(), "after its framework stopped");
        assertEquals(System.getProperties().get("openems.data.dir"), System.getProperty("openems.data.dir"),
                "fleet's own code still gets the JVM-wide value");
    }

    /** A bundle holding one class of the test class path (its own copy, defined by the bundle's loader). */
    private Path bundleWith(Class<?> type) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "fleetprobe.stopped");
        main.putValue("Bundle-Version", "1.0.0");
        String entry = type.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest);
                InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
            zip.putNextEntry(new ZipEntry(entry));
            bytes.transferTo(zip);
            zip.closeEntry();
        }
        return jar;
    }
}
