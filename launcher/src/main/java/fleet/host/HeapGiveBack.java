package fleet.host;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Gives the heap of removed edges back to the operating system. G1 shrinks its committed heap only
 * when a marking cycle or full collection ends, and with the other edges' steady allocation neither
 * comes by itself (young collections keep the periodic one away), so the removed edges' share would
 * stay committed for the rest of the run. One requested collection ends that; fleet's hosting JVM
 * runs it as a concurrent cycle ({@code -XX:+ExplicitGCInvokesConcurrent}, {@link JvmFlags}), so the
 * other edges keep cycling meanwhile. The same cycle unloads the removed edges' classes.
 */
public final class HeapGiveBack {

    private HeapGiveBack() {
    }

    /** Collects now and returns the committed heap before and after, in bytes. */
    public static Change collect() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        System.gc(); // returns when the cycle, and the shrink at its end, is done
        return new Change(before, memory.getHeapMemoryUsage().getCommitted());
    }

    /** Committed heap before and after a collection. */
    public record Change(long committedBefore, long committedAfter) {

        public String describe() {
            return String.format("heap committed %d -> %d MiB", committedBefore >> 20, committedAfter >> 20);
        }
    }
}
