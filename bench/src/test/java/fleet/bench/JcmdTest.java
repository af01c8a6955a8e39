package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** jcmd outputs saved from Temurin 25 (G1, Serial, Parallel, ZGC), and one live look at this JVM. */
class JcmdTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = JcmdTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void heapUsedOfEveryCollector() throws IOException {
        assertEquals(13306, Jcmd.heapUsedKib(resource("heap-info-g1.txt")));
        assertEquals(31021 + 1166, Jcmd.heapUsedKib(resource("heap-info-serial.txt")));
        assertEquals(29376 + 1166, Jcmd.heapUsedKib(resource("heap-info-parallel.txt")));
        assertEquals(60 * 1024, Jcmd.heapUsedKib(resource("heap-info-z.txt")));
        assertEquals(-1, Jcmd.heapUsedKib("12345:\nsomething else\n"));
    }

    @Test
    void metaspaceAndClassesFromVmMetaspace() throws IOException {
        String metaspace = resource("metaspace.txt");
        assertEquals(21882, Jcmd.metaspaceUsedKib(metaspace));
        assertArrayEquals(new int[] { 195, 5452 }, Jcmd.classTotals(metaspace));
        assertArrayEquals(new int[] { -1, -1 }, Jcmd.classTotals("nothing"));
        assertEquals(-1, Jcmd.metaspaceUsedKib("nothing"));
    }

    @Test
    void committedHeapFromHeapInfoOfJava25AndOlder() {
        assertEquals(1769472, Jcmd.heapCommittedKib(" garbage-first heap   total reserved 2097152K, committed 1769472K,"
                .strip() + " used 812345K [0x0, 0x0)\n region size 1024K, 10 young (10240K)\n Metaspace       used 1K\n"));
        assertEquals(262144, Jcmd.heapCommittedKib("garbage-first heap   total 262144K, used 1000K [0x0)\n"));
        assertEquals(-1, Jcmd.heapCommittedKib("nothing\n"));
    }

    @Test
    void sumsTheBaselineAndStaysUnknownIfAPartIs() {
        Jcmd.Internals a = new Jcmd.Internals(10, 20, 30, 4, 50);
        assertEquals(new Jcmd.Internals(20, 40, 60, 8, 100), Jcmd.Internals.sum(List.of(a, a)));
        assertEquals(-1, Jcmd.Internals.sum(List.of(a, Jcmd.Internals.UNKNOWN)).heapUsedKib());
    }

    @Test
    void inspectsARunningJvm() {
        Jcmd.Internals self = new Jcmd(Path.of(System.getProperty("java.home"))).inspect(ProcessHandle.current().pid());
        assertTrue(self.heapUsedKib() > 0, self.toString());
        assertTrue(self.heapCommittedKib() >= self.heapUsedKib(), self.toString());
        assertTrue(self.metaspaceUsedKib() > 1024, self.toString());
        assertTrue(self.classes() > 1000, self.toString());
        assertTrue(self.classLoaders() > 1, self.toString());
    }
}
