package fleet.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.fetch.BackendJarCheck.Layout;
import fleet.testing.TestEdgeApp;

class BackendJarCheckTest {

    @TempDir
    Path dir;

    @Test
    void theEdgeManagerIsTheSplitLayout() throws Exception {
        Path jar = ReleaseJars.write(dir.resolve("openems-backend.jar"), ReleaseJars.backend(2026, 4, 0, "", Layout.SPLIT));

        assertEquals(Layout.SPLIT, BackendJarCheck.layout(jar));
        assertFalse(BackendJarCheck.isBackendEdgeApp(jar));
    }

    @Test
    void theEdgeWebsocketIsTheSingleLayout() throws Exception {
        Path jar = ReleaseJars.write(dir.resolve("openems-backend.jar"), ReleaseJars.backend(2026, 1, 0, "", Layout.SINGLE));

        assertEquals(Layout.SINGLE, BackendJarCheck.layout(jar));
        assertFalse(BackendJarCheck.isBackendEdgeApp(jar));
    }

    @Test
    void theBackendsEdgeApplication() throws IOException {
        Path jar = ReleaseJars.write(dir.resolve("openems-backend-edge.jar"), ReleaseJars.backendEdgeApp(2026, 4, 0));

        assertTrue(BackendJarCheck.isBackendEdgeApp(jar));
        NotABackendApp e = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(jar));
        assertEquals(jar + " is not an OpenEMS Backend: it holds jar/io.openems.backend.edge.application.jar and no"
                + " jar/io.openems.backend.application.jar: the Backend's edge-facing application"
                + " (openems-backend-edge.jar), not the Backend (openems-backend.jar)", e.getMessage());
    }

    @Test
    void anEdgeApplicationIsNoBackend() {
        Path jar = TestEdgeApp.jar();

        NotABackendApp e = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(jar));

        assertEquals(jar + " is not an OpenEMS Backend: no jar/io.openems.backend.application.jar (BackendApp), which"
                + " every OpenEMS Backend has", e.getMessage());
        assertFalse(BackendJarCheck.isBackendEdgeApp(jar));
    }

    @Test
    void aBackendWithoutEitherWayForEdgesHasNoLayout() throws IOException {
        Path jar = ReleaseJars.write(dir.resolve("openems-backend.jar"), ReleaseJars.backend(2026, 4, 0, "", Layout.SPLIT));
        Path stripped = dir.resolve("stripped.jar");
        try (var in = new java.util.zip.ZipFile(jar.toFile());
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(stripped))) {
            for (var entries = in.entries(); entries.hasMoreElements();) {
                var entry = entries.nextElement();
                if (!entry.getName().equals(BackendJarCheck.EDGE_MANAGER)) {
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }

        NotABackendApp e = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(stripped));

        assertTrue(e.getMessage().startsWith(stripped + " is an OpenEMS Backend with neither"
                + " jar/io.openems.backend.edge.manager.jar (OpenEMS 2026.2.0 on) nor"
                + " jar/io.openems.backend.edgewebsocket.jar (up to 2026.1)"), e.getMessage());
    }

    @Test
    void notAJarOrNoFile() throws IOException {
        Path text = Files.writeString(dir.resolve("openems-backend.jar"), "<html>a login page</html>",
                StandardCharsets.UTF_8);
        Path missing = dir.resolve("missing.jar");

        NotABackendApp notAJar = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(text));
        NotABackendApp noFile = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(missing));

        assertTrue(notAJar.getMessage().startsWith(text + " is not an OpenEMS Backend: not a jar file"),
                notAJar.getMessage());
        assertTrue(noFile.getMessage().startsWith("cannot read " + missing), noFile.getMessage());
        assertFalse(BackendJarCheck.isBackendEdgeApp(text));
        assertFalse(BackendJarCheck.isBackendEdgeApp(missing));
    }

    /**
     * OpenEMS's own openems-backend.jar, when FLEET_OPENEMS_BACKEND_JAR names one: the layout its version
     * says (the edge manager from 2026.2.0 on), and the checks of a downloaded Backend pass.
     */
    @Test
    void realOpenemsBackend() throws Exception {
        String real = System.getenv(ReleaseAsset.BACKEND_JAR_ENV);
        Assumptions.assumeTrue(real != null && !real.isBlank(), "FLEET_OPENEMS_BACKEND_JAR is not set");
        Path jar = Path.of(real);

        ReleaseJarCheck.StatedVersion stated = ReleaseJarCheck.check(jar, ReleaseAsset.BACKEND).orElseThrow();

        OpenemsVersion release = stated.release();
        boolean split = release.major() > 2026 || release.major() == 2026 && release.minor() >= 2;
        assertEquals(split ? Layout.SPLIT : Layout.SINGLE, BackendJarCheck.layout(jar), "OpenEMS " + stated);
        assertFalse(BackendJarCheck.isBackendEdgeApp(jar));
    }

    /** OpenEMS's openems-backend-edge.jar (2026.2.0 on, not attached to releases), when FLEET_OPENEMS_BACKEND_EDGE_JAR names one. */
    @Test
    void realOpenemsBackendEdgeApplication() {
        String real = System.getenv("FLEET_OPENEMS_BACKEND_EDGE_JAR");
        Assumptions.assumeTrue(real != null && !real.isBlank(), "FLEET_OPENEMS_BACKEND_EDGE_JAR is not set");
        Path jar = Path.of(real);

        assertTrue(BackendJarCheck.isBackendEdgeApp(jar));
        NotABackendApp e = assertThrows(NotABackendApp.class, () -> BackendJarCheck.layout(jar));
        assertTrue(e.getMessage().contains("the Backend's edge-facing application"), e.getMessage());
        NotAReleaseJar notTaken = assertThrows(NotAReleaseJar.class,
                () -> ReleaseJarCheck.check(jar, ReleaseAsset.BACKEND));
        assertTrue(notTaken.getMessage().contains("the Backend's edge-facing application"), notTaken.getMessage());
    }
}
