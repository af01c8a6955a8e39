package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.app.SharedLibraries;
import fleet.state.EdgePorts;
import fleet.state.FleetState;
import fleet.testing.ConfigFiles;
import fleet.testing.TestEdgeApp;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/**
 * With gson shared through the system bundle, two edges use one copy of gson's classes while every
 * edge bundle keeps its own classes and statics. (This test JVM has the same gson version on its
 * class path as the test edge app ships, which is what fleet's hosting JVM arranges for real.)
 */
class SharedLibrariesIsolationTest {

    @TempDir
    Path dir;

    private EdgeRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stopAll(Duration.ofSeconds(20));
            runtime.close();
        }
    }

    @Test
    void sharedLibraryClassesAreOneCopyAndEdgeStaticsStayPerEdge() throws Exception {
        WorkDir workDir = new WorkDir(dir).create();
        EdgeApp full = new EdgeAppLoader(workDir.appCacheDir()).load(TestEdgeApp.jar());
        SharedLibraries gson = SharedLibraries.select(full, Set.of("com.google.gson"));
        assertEquals(1, gson.bundles().size(), "gson qualifies: it imports only JDK packages");
        EdgeApp app = gson.applyTo(full);
        assertFalse(app.bundles().stream().anyMatch(b -> b.symbolicName().equals("com.google.gson")),
                "no edge installs gson");
        assertTrue(app.systemPackagesExtra().contains("com.google.gson;"), app.systemPackagesExtra());

        runtime = new EdgeRuntime(app, new FleetState(), 2, 50);
        int[] cycleTimes = {50, 1000};
        for (int i = 0; i < 2; i++) {
            WorkDir.EdgeDirs dirs = workDir.edge("edge" + i).create();
            ConfigFiles.singleton(dirs.configDir(), "Core.Cycle", "cycleTime=I\"" + cycleTimes[i] + "\"");
            runtime.add(new EdgeLaunch("edge" + i, i, dirs, Map.of()), "k" + i, EdgePorts.NONE);
        }
        runtime.startAll();

        Bundle backend0 = bundle("edge0", "fleet.testedge.backend");
        Bundle backend1 = bundle("edge1", "fleet.testedge.backend");
        assertSame(com.google.gson.Gson.class, backend0.loadClass("com.google.gson.Gson"), "gson from the class path");
        assertSame(backend0.loadClass("com.google.gson.Gson"), backend1.loadClass("com.google.gson.Gson"));

        Class<?> cycle0 = bundle("edge0", "fleet.testedge.core").loadClass("fleet.testedge.core.cycle.CycleImpl");
        Class<?> cycle1 = bundle("edge1", "fleet.testedge.core").loadClass("fleet.testedge.core.cycle.CycleImpl");
        assertNotSame(cycle0, cycle1, "each edge loads its own bundle classes");
        AtomicLong count0 = (AtomicLong) cycle0.getField("CYCLES_OF_THIS_CLASS").get(null);
        AtomicLong count1 = (AtomicLong) cycle1.getField("CYCLES_OF_THIS_CLASS").get(null);
        Wait.until(Duration.ofSeconds(30), () -> count0.get() >= 40, () -> "edge0 cycled " + count0.get() + " times");
        assertTrue(count1.get() <= 5, "edge1's static counts only edge1's slow cycles, not edge0's: " + count1.get());
    }

    private Bundle bundle(String edge, String symbolicName) {
        for (Bundle bundle : runtime.frameworkOf(edge).getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(edge + " has no bundle " + symbolicName);
    }
}
