package fleet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.app.AppBundle;
import fleet.testing.TestEdgeApp;
import fleet.workdir.WorkDir;

/** Keeping only the bundles a template needs, with the test edge application. */
class EdgeAppPreparationTest {

    @TempDir
    Path dir;

    @Test
    void keepsWhatTheTemplatesComponentsNeedAndNothingElse() {
        WorkDir workDir = new WorkDir(dir).create();

        EdgeAppPreparation.Prepared prepared = EdgeAppPreparation.prepare(TestEdgeApp.jar(), workDir,
                Optional.of(Set.of("Timedata.Rrd4j")));

        Set<String> kept = names(prepared);
        assertTrue(kept.contains("fleet.testedge.components"), "holds Timedata.Rrd4j: " + kept);
        assertTrue(kept.contains("fleet.testedge.core"), "its package wiring needs the core API: " + kept);
        assertTrue(kept.containsAll(Set.of("org.apache.felix.scr", "org.apache.felix.configadmin",
                "org.osgi.service.component", "org.osgi.util.promise")), "infrastructure and what SCR needs: " + kept);
        assertFalse(kept.contains("fleet.testedge.backend"), "no component of it is configured: " + kept);
        assertFalse(kept.contains("com.google.gson"), "only the backend client uses gson: " + kept);
        assertTrue(prepared.bundlesInApp() > kept.size());
        assertTrue(prepared.describe().contains(kept.size() + " of " + prepared.bundlesInApp() + " bundles"),
                prepared.describe());
    }

    @Test
    void theSelectionIsRememberedAndEveryBundleIsKeptOnRequest() throws Exception {
        WorkDir workDir = new WorkDir(dir).create();
        Set<String> pids = Set.of("Controller.Api.Backend");

        Set<String> first = names(EdgeAppPreparation.prepare(TestEdgeApp.jar(), workDir, Optional.of(pids)));
        try (var files = Files.list(workDir.appCacheDir())) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("needed-")).count());
        }
        Set<String> again = names(EdgeAppPreparation.prepare(TestEdgeApp.jar(), workDir, Optional.of(pids)));
        EdgeAppPreparation.Prepared all = EdgeAppPreparation.prepare(TestEdgeApp.jar(), workDir, Optional.empty());

        assertEquals(first, again);
        assertTrue(first.contains("com.google.gson"), "the backend client's library: " + first);
        assertEquals(all.bundlesInApp(), all.app().bundles().size(), "--all-bundles keeps everything");
    }

    private static Set<String> names(EdgeAppPreparation.Prepared prepared) {
        return prepared.app().bundles().stream().map(AppBundle::symbolicName).collect(Collectors.toSet());
    }
}
