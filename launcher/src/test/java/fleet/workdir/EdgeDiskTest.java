package fleet.workdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeDiskTest {

    @TempDir
    Path root;

    @Test
    void countsThisRunsEdgesAndNamesTheOthersInIndexOrder() throws IOException {
        WorkDir workDir = new WorkDir(root);
        write(workDir.edge("edge0").dataDir().resolve("rrd4j/a.rrd"), 3 * 1024 * 1024);
        write(workDir.edge("edge1").dataDir().resolve("rrd4j/a.rrd"), 1024 * 1024);
        write(workDir.edge("edge12").dataDir().resolve("rrd4j/a.rrd"), 2 * 1024 * 1024);
        write(workDir.edge("edge5").logsDir().resolve("console.log"), 1024 * 1024);

        EdgeDisk disk = EdgeDisk.measure(workDir, Set.of("edge0", "edge1", "edge2"));

        assertEquals(4L * 1024 * 1024, disk.inRun());
        assertEquals(List.of("edge5", "edge12"), disk.others());
        assertEquals(3L * 1024 * 1024, disk.othersBytes());
        String line = disk.describe(workDir, 3);
        assertTrue(line.startsWith("edge data on disk: 4 MiB (1 MiB per edge); 2 edges not in this run keep 3 MiB"
                + " (edge5, edge12) in " + root.resolve("edges")), line);
    }

    @Test
    void aFreshWorkDirHasNothingToSay() {
        assertTrue(EdgeDisk.measure(new WorkDir(root), Set.of("edge0")).isEmpty());
    }

    private static void write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
