package fleet.web;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the JVM that hosts the fleet costs right now, from its MXBeans and {@code /proc/self/status}.
 * -1 where the platform does not tell (RSS without /proc, CPU time without the com.sun extension).
 *
 * @param heapUsed          bytes of heap in use (live and not yet collected)
 * @param heapCommitted     bytes of heap the JVM holds from the OS
 * @param heapMax           the heap limit (-Xmx)
 * @param metaspaceUsed     bytes of metaspace in use (class metadata: grows with every framework)
 * @param rss               resident set size of the process
 * @param threads           live threads
 * @param processCpuNanos   CPU time of the process so far
 * @param cores             processors available to the JVM
 */
record JvmFigures(long heapUsed, long heapCommitted, long heapMax, long metaspaceUsed, long rss, int threads,
        long processCpuNanos, int cores) {

    private static final Path STATUS = Path.of("/proc/self/status");

    static JvmFigures read() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long metaspace = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if ("Metaspace".equals(pool.getName())) {
                metaspace = pool.getUsage().getUsed();
            }
        }
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime();
        }
        return new JvmFigures(heap.getUsed(), heap.getCommitted(), heap.getMax(), metaspace, residentSetSize(),
                ManagementFactory.getThreadMXBean().getThreadCount(), cpu, Runtime.getRuntime().availableProcessors());
    }

    /** VmRSS from /proc/self/status, in bytes; -1 where there is no /proc. */
    static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: RSS unknown
        }
        return -1;
    }
}
