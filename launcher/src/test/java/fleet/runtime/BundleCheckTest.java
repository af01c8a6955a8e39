package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.plan.OsgiFramework;

class BundleCheckTest {

    @TempDir
    Path dir;

    @Test
    void acceptsInstallableBundles() throws IOException {
        Path bundles = Files.createDirectory(dir.resolve("bundles"));
        writeBundle(bundles.resolve("ok.jar"), "ok.bundle", "1.0.0");
        EdgeApp app = new EdgeAppLoader(dir.resolve("cache")).load(bundles);

        BundleCheck.verify(app, dir.resolve("scratch"), OsgiFramework.DEFAULT);

        assertFalse(Files.exists(dir.resolve("scratch")), "the throwaway framework leaves nothing behind");
    }

    @Test
    void aBundleThatFailsToInstallIsNamed() throws IOException {
        Path bundles = Files.createDirectory(dir.resolve("bundles"));
        writeBundle(bundles.resolve("good.jar"), "good.bundle", "1.0.0");
        writeBundle(bundles.resolve("broken.jar"), "broken.bundle", "not-a-version");
        EdgeApp app = new EdgeAppLoader(dir.resolve("cache")).load(bundles);

        FleetException e = assertThrows(FleetException.class, () -> BundleCheck.verify(app, dir.resolve("scratch"), OsgiFramework.DEFAULT));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("broken.jar cannot be installed"), e.getMessage());
    }

    static void writeBundle(Path file, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            jar.flush();
        }
    }
}
