package fleet.fetch;

import static fleet.fetch.ReleaseAsset.EDGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.TestEdgeApp;

class ReleaseJarCheckTest {

    @TempDir
    Path dir;

    @Test
    void readsTheVersionFromOpenemsConstants() throws Exception {
        Path jar = ReleaseJars.write(dir.resolve("openems-edge.jar"), ReleaseJars.statingVersion(2026, 5, 0, "SNAPSHOT"));

        ReleaseJarCheck.StatedVersion stated = ReleaseJarCheck.check(jar, EDGE).orElseThrow();

        assertEquals(new OpenemsVersion(2026, 5, 0), stated.release());
        assertEquals("2026.5.0-SNAPSHOT", stated.toString());
    }

    @Test
    void theTestEdgeApplicationStatesNoOpenemsVersion() throws Exception {
        assertEquals(Optional.empty(), ReleaseJarCheck.check(TestEdgeApp.jar(), EDGE));
    }

    @Test
    void aBundleListedButMissingIsNoEdgeApplication() throws IOException {
        Path jar = ReleaseJars.write(dir.resolve("openems-edge.jar"), ReleaseJars.statingVersion(2026, 4, 0, ""));
        Path broken = dir.resolve("broken.jar");
        try (var in = new java.util.zip.ZipFile(jar.toFile());
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            for (var entries = in.entries(); entries.hasMoreElements();) {
                var entry = entries.nextElement();
                if (!entry.getName().equals("jar/io.openems.common.jar")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }

        NotAReleaseJar e = assertThrows(NotAReleaseJar.class, () -> ReleaseJarCheck.check(broken, EDGE));

        assertEquals("launcher.properties lists jar/io.openems.common.jar, which the jar does not contain", e.getMessage());
    }

    @Test
    void notAZipFile() throws IOException {
        Path text = Files.writeString(dir.resolve("openems-edge.jar"), "<html>a login page</html>",
                StandardCharsets.UTF_8);

        NotAReleaseJar e = assertThrows(NotAReleaseJar.class, () -> ReleaseJarCheck.check(text, EDGE));

        assertTrue(e.getMessage().startsWith("not a jar file"), e.getMessage());
    }

    /** OpenEMS itself, when FLEET_OPENEMS_EDGE_JAR names its openems-edge.jar (as for the real-OpenEMS e2e tests). */
    @Test
    void realOpenemsStatesItsVersion() throws Exception {
        String real = System.getenv("FLEET_OPENEMS_EDGE_JAR");
        Assumptions.assumeTrue(real != null && !real.isBlank(), "FLEET_OPENEMS_EDGE_JAR is not set");

        long start = System.nanoTime();
        ReleaseJarCheck.StatedVersion stated = ReleaseJarCheck.check(Path.of(real), EDGE).orElseThrow();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(stated.toString().matches("20\\d\\d\\.\\d{1,2}\\.\\d+(-\\w+)?"), stated.toString());
        assertTrue(millis < 5_000, "read without extracting: " + millis + " ms");
    }
}
