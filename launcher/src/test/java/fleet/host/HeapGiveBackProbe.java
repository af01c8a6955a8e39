package fleet.host;

import java.lang.management.ManagementFactory;
import java.lang.management.GarbageCollectorMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM with fleet's flags by HeapGiveBackTest: holds 600 MiB as "edges" would, drops
 * a third of it, keeps allocating for a while as the remaining edges do (young collections alone leave
 * the heap committed), then gives back. Prints the collections and the committed heap.
 */
public final class HeapGiveBackProbe {

    public static void main(String[] args) throws Exception {
        List<byte[]> edges = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            edges.add(new byte[400 * 1024]); // below half a G1 region: ordinary objects, as an edge's are
        }
        // "remove" a third of the edges: 400 MiB stay live, about a third of what is committed, so G1's
        // own MaxHeapFreeRatio (70 % free) would give nothing back
        edges.subList(1_000, edges.size()).clear();
        long sink = 0;
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 300; i++) {
                sink += new byte[64 * 1024].length;
            }
            Thread.sleep(20);
        }
        long committedBeforeGiveBack = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        HeapGiveBack.Change change = HeapGiveBack.collect();
        System.out.println("committed-before-give-back " + (committedBeforeGiveBack >> 20));
        System.out.println("before " + (change.committedBefore() >> 20) + " after " + (change.committedAfter() >> 20));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            System.out.println("gc " + gc.getName() + " " + gc.getCollectionCount());
        }
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        System.out.println("ratios " + vm.getVMOption("MinHeapFreeRatio").getValue() + " "
                + vm.getVMOption("MaxHeapFreeRatio").getValue());
        System.out.println("kept " + edges.size() + " " + sink);
    }
}
