package fleet.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The test edge application the build makes (test-edge-app/app), in the openems-edge.jar layout. */
public final class TestEdgeApp {

    private TestEdgeApp() {
    }

    public static Path jar() {
        String path = System.getProperty("fleet.test.edgeApp");
        Assumptions.assumeTrue(path != null, "run through Maven: fleet.test.edgeApp is not set");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "the build did not make the test edge app: " + jar);
        return jar;
    }
}
