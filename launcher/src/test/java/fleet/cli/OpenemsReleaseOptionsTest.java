package fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.fetch.ReleaseUrl;

/** What backendApp decides before it looks at the cache or the network (fleet.fetch's tests go on from there). */
class OpenemsReleaseOptionsTest {

    @Test
    void aMirrorWithItsOwnFileNameGivesNoBackendUrl() {
        Assumptions.assumeTrue(System.getenv(ReleaseUrl.BACKEND_ENV) == null, ReleaseUrl.BACKEND_ENV + " is set");
        OpenemsReleaseOptions options = new OpenemsReleaseOptions();
        options.version = "2026.4.0";
        options.downloadUrl = "http://mirror.example/edge-{version}.jar";

        FleetException e = assertThrows(FleetException.class, () -> options.backendApp(false));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("--openems-download-url http://mirror.example/edge-{version}.jar does not end in /openems-edge.jar,"
                + " so fleet cannot tell where the release's openems-backend.jar is: set"
                + " $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL to its URL, with {version} for the release, or set"
                + " $FLEET_OPENEMS_BACKEND_JAR to an openems-backend.jar you have", e.getMessage());
    }

    @Test
    void theVersionIsCheckedFirst() {
        OpenemsReleaseOptions options = new OpenemsReleaseOptions();
        options.version = "latest";

        FleetException e = assertThrows(FleetException.class, () -> options.backendApp(true));

        assertEquals("--openems-version latest: not an OpenEMS release; OpenEMS numbers them year.month.patch like its"
                + " release tags, e.g. 2026.4.0", e.getMessage());
    }
}
