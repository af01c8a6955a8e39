package fleet.host;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Gives the heap of removed edges back to the operating system. G1 shrinks its committed heap only
 * when a marking cycle or full collection ends, and with the other edges' steady allocation neither
 * comes by itself (young collections keep the periodic one away), so the removed edges' share would
 * stay committed for the rest of the run. One requested collection ends that; fleet's hosting JVM
 * runs it as a concurrent cycle ({@code -XX:+ExplicitGCInvokesConcurrent}, {@link JvmFlags}), so the
 * other edges keep cycling meanwhile. The same cycle unloads the removed edges' classes.
 *
 * <p>At its end G1 shrinks only down to where 70 % of the heap is free ({@code MaxHeapFreeRatio}): with
 * 40 of 50 real edges removed the live heap was still more than 30 % of what was committed, and
 * nothing was given back (1 014 → 1 030 MiB). For this one collection fleet asks for at most 30 %
 * free (both ratios are manageable flags), then restores what the JVM had.
 */
public final class HeapGiveBack {

    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private HeapGiveBack() {
    }

    /** Collects now and returns the committed heap before and after, in bytes. */
    public static Change collect() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minFree = vm.getVMOption(MIN_FREE).getValue();
        String maxFree = vm.getVMOption(MAX_FREE).getValue();
        boolean tightened = false;
        try {
            // MinHeapFreeRatio <= MaxHeapFreeRatio must hold after every single change
            vm.setVMOption(MIN_FREE, "10");
            vm.setVMOption(MAX_FREE, "30");
            tightened = true;
        } catch (IllegalArgumentException e) {
            // not manageable in this JVM: the collection still gives back what G1's ratios allow
        }
        try {
            System.gc(); // returns when the cycle, and the shrink at its end, is done
        } finally {
            if (tightened) {
                vm.setVMOption(MAX_FREE, maxFree);
                vm.setVMOption(MIN_FREE, minFree);
            }
        }
        return new Change(before, memory.getHeapMemoryUsage().getCommitted());
    }

    /** Committed heap before and after a collection. */
    public record Change(long committedBefore, long committedAfter) {

        public String describe() {
            return String.format("heap committed %d -> %d MiB", committedBefore >> 20, committedAfter >> 20);
        }
    }
}
