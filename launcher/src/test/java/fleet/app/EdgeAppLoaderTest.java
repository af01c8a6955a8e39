package fleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.FleetException;

class EdgeAppLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBundlesInOrderWithStartLevelsAndRunProperties() throws IOException {
        Path jar = TestJars.zip(dir.resolve("openems-edge.jar"), TestJars.goodApp());

        EdgeApp app = new EdgeAppLoader(dir.resolve("cache")).load(jar);

        assertEquals(3, app.bundles().size());
        assertEquals("org.apache.felix.scr", app.bundles().get(0).symbolicName());
        assertEquals(10, app.bundles().get(0).startLevel());
        assertEquals("lib", app.bundles().get(1).symbolicName(), "directives are not part of the name");
        assertEquals(0, app.bundles().get(2).startLevel(), "no explicit level: the default applies");
        assertEquals(19, app.defaultStartLevel());
        assertEquals(20, app.beginningStartLevel(), "above every bundle's level");
        assertEquals("sun.misc,com.sun.net.httpserver", app.systemPackagesExtra());
        assertEquals("0", app.runProperties().get("org.apache.felix.eventadmin.Timeout"));
        assertFalse(app.runProperties().containsKey("launch.embedded"), "launcher keys are not run properties");
        assertEquals(64, app.id().length(), "keyed by SHA-256");
        for (AppBundle bundle : app.bundles()) {
            assertTrue(bundle.file().startsWith(dir.resolve("cache").resolve(app.id())), bundle.file().toString());
            assertTrue(bundle.location().startsWith("reference:file:"), "installed by reference");
        }
    }

    @Test
    void extractsOnceAndReusesTheCache() throws IOException {
        Path jar = TestJars.zip(dir.resolve("openems-edge.jar"), TestJars.goodApp());
        EdgeAppLoader loader = new EdgeAppLoader(dir.resolve("cache"));
        Path first = loader.load(jar).bundles().get(0).file();
        FileTime extractedAt = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(first, extractedAt);

        Path second = loader.load(jar).bundles().get(0).file();

        assertEquals(first, second);
        assertEquals(extractedAt, Files.getLastModifiedTime(second), "not extracted again");
    }

    @Test
    void notAJar() throws IOException {
        Path text = Files.writeString(dir.resolve("openems-edge.jar"), "this is not a zip file");

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir).load(text));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("is not a jar"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.jar");

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir).load(missing));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void noLauncherProperties() throws IOException {
        Map<String, byte[]> entries = TestJars.goodApp();
        entries.remove("launcher.properties");
        Path jar = TestJars.zip(dir.resolve("plain.jar"), entries);

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir.resolve("c")).load(jar));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(jar.toString()) && e.getMessage().contains("no launcher.properties"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("c")) && hasEntries(dir.resolve("c")), "nothing half-extracted remains");
    }

    @Test
    void listedBundleMissingFromJar() throws IOException {
        Map<String, byte[]> entries = TestJars.goodApp();
        entries.remove("jar/lib-1.0.jar");
        Path jar = TestJars.zip(dir.resolve("broken.jar"), entries);

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir.resolve("c")).load(jar));

        assertTrue(e.getMessage().contains("jar/lib-1.0.jar"), e.getMessage());
        assertFalse(hasEntries(dir.resolve("c")), "the staging directory is removed");
    }

    @Test
    void entryThatIsNotABundle() throws IOException {
        Map<String, byte[]> entries = TestJars.goodApp();
        entries.put("jar/lib-1.0.jar", TestJars.bundle(Map.of("Created-By", "hand")));
        Path jar = TestJars.zip(dir.resolve("nobundle.jar"), entries);

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir.resolve("c")).load(jar));

        assertTrue(e.getMessage().contains("jar/lib-1.0.jar is not an OSGi bundle"), e.getMessage());
    }

    @Test
    void directoryOfBundles() throws IOException {
        Path bundles = Files.createDirectory(dir.resolve("bundles"));
        Files.write(bundles.resolve("b.jar"), TestJars.bundle("org.apache.felix.configadmin", "1.9.26"));
        Files.write(bundles.resolve("a.jar"), TestJars.bundle("some.library", "2.0.0"));
        Files.writeString(bundles.resolve("notes.txt"), "ignored");

        EdgeApp app = new EdgeAppLoader(dir.resolve("cache")).load(bundles);

        assertEquals(2, app.bundles().size());
        assertEquals("some.library", app.bundles().get(0).symbolicName());
        assertEquals(11, app.bundles().get(1).startLevel(), "OpenEMS's level for ConfigAdmin");
        assertEquals(bundles.resolve("a.jar"), app.bundles().get(0).file(), "a directory is used in place");
    }

    @Test
    void emptyDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        FleetException e = assertThrows(FleetException.class, () -> new EdgeAppLoader(dir).load(empty));

        assertTrue(e.getMessage().contains("holds no bundles"), e.getMessage());
    }

    private static boolean hasEntries(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (var list = Files.list(path)) {
            return list.findAny().isPresent();
        }
    }
}
