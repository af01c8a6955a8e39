package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long rendering 1000 edges of the built-in template takes, in memory and written to disk.
 * Measured, not asserted:
 * {@code mvn -pl config-model -am verify -Dgroups=bench -Dtest.excludedGroups=none}.
 */
@Tag("bench")
class RenderBenchTest {

    static final int EDGES = 1000;

    @TempDir
    Path tmp;

    @Test
    void renderThousandEdges() {
        for (int round = 1; round <= 3; round++) {
            EdgeRenderer renderer = RenderFixtures.renderer();
            long start = System.nanoTime();
            int files = 0;
            for (int i = 0; i < EDGES; i++) {
                files += renderer.render(RenderFixtures.spec(i)).texts().size();
            }
            long rendered = System.nanoTime();
            for (int i = 0; i < EDGES; i++) {
                renderer.render(RenderFixtures.spec(i)).writeTo(tmp.resolve("edges/edge" + i + "/config.d"));
            }
            long written = System.nanoTime();
            assertEquals(EDGES * renderer.template().configurations().size(), files);
            System.out.printf("round %d: rendered %d edges (%d files) in %d ms; rendered and written to disk"
                    + " in %d ms%n", round, EDGES, files, TimeUnit.NANOSECONDS.toMillis(rendered - start),
                    TimeUnit.NANOSECONDS.toMillis(written - rendered));
        }
        long start = System.nanoTime();
        Template.builtIn();
        System.out.printf("loading the built-in template: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                - start));
    }
}
