package fleet.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;

/** The version, the URL template and the cache directory: each checked once, where the user gives it. */
class ReleaseSettingsTest {

    @Test
    void versionsAreOpenemsReleaseTags() {
        assertEquals(new OpenemsVersion(2026, 4, 0), OpenemsVersion.parse("--openems-version", "2026.4.0"));
        assertEquals("2026.4.0", OpenemsVersion.tested().toString());
        for (String bad : new String[] {"2026.4", "2026.4.0-SNAPSHOT", "latest", "../2026.4.0", "2026.4.0/x", ""}) {
            FleetException e = assertThrows(FleetException.class, () -> OpenemsVersion.parse("--openems-version", bad));
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertEquals("--openems-version " + bad + ": not an OpenEMS release; OpenEMS numbers them year.month.patch"
                    + " like its release tags, e.g. 2026.4.0", e.getMessage());
        }
    }

    @Test
    void theUrlTemplateGetsTheVersion() {
        assertEquals(URI.create("https://github.com/OpenEMS/openems/releases/download/2026.4.0/openems-edge.jar"),
                ReleaseUrl.defaultUrl().forVersion(new OpenemsVersion(2026, 4, 0)));
        assertEquals(URI.create("http://mirror.example/openems/2026.3.0/edge.jar"),
                ReleaseUrl.parse("--openems-download-url", " http://mirror.example/openems/{version}/edge.jar ")
                        .forVersion(new OpenemsVersion(2026, 3, 0)));
        for (String bad : new String[] {"ftp://mirror.example/{version}.jar", "mirror.example/{version}.jar",
                "http://mirror example/{version}", ""}) {
            FleetException e = assertThrows(FleetException.class,
                    () -> ReleaseUrl.parse("$FLEET_OPENEMS_DOWNLOAD_URL", bad));
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().startsWith("$FLEET_OPENEMS_DOWNLOAD_URL " + bad + ": must be an http(s) URL"),
                    e.getMessage());
        }
    }

    @Test
    void theCacheFollowsTheXdgBaseDirectorySpecification() {
        assertEquals(Path.of("/xdg/fleet/openems/2026.4.0/openems-edge.jar"),
                ReleaseCache.of("/xdg", "/home/u").jar(new OpenemsVersion(2026, 4, 0), ReleaseAsset.EDGE));
        assertEquals(Path.of("/home/u/.cache/fleet/openems/2026.4.0/openems-edge.jar.sha256"),
                ReleaseCache.of(null, "/home/u").checksum(new OpenemsVersion(2026, 4, 0), ReleaseAsset.EDGE));
        assertEquals(Path.of("/home/u/.cache/fleet/openems"), ReleaseCache.of("", "/home/u").root(), "empty: unset");
        assertEquals(Path.of("/home/u/.cache/fleet/openems"), ReleaseCache.of("relative/cache", "/home/u").root(),
                "a relative XDG_CACHE_HOME is invalid and ignored");
    }
}
