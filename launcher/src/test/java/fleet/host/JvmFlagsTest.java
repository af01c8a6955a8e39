package fleet.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {

    @Test
    void heapGrowsWithTheFleet() {
        assertTrue(JvmFlags.forEdges(1).contains("-Xmx160m"), JvmFlags.forEdges(1).toString());
        assertTrue(JvmFlags.forEdges(50).contains("-Xmx1728m"), JvmFlags.forEdges(50).toString());
    }

    @Test
    void codeCacheGrowsWithTheFleetUpToTheJvmsLimit() {
        assertTrue(JvmFlags.forEdges(50).contains("-XX:ReservedCodeCacheSize=164m"), JvmFlags.forEdges(50).toString());
        assertTrue(JvmFlags.forEdges(200).contains("-XX:ReservedCodeCacheSize=464m"));
        assertTrue(JvmFlags.forEdges(5000).contains("-XX:ReservedCodeCacheSize=2040m"), "the JVM refuses more than 2 GiB");
    }

    @Test
    void neverMoreHeapThanTheMachineHas() {
        List<String> flags = JvmFlags.forEdges(1_000_000);
        long heapMb = flags.stream().filter(f -> f.startsWith("-Xmx")).map(f -> f.substring(4, f.length() - 1))
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
        long ramMb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
        assertTrue(heapMb <= ramMb * 0.8 + 1, heapMb + " MiB of " + ramMb);
    }
}
