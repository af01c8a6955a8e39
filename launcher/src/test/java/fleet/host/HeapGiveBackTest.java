package fleet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * With the hosting JVM's own flags, the collection fleet asks for after removing edges gives their
 * heap back, also where G1's own ratios would keep it, and it is a concurrent cycle, not a full
 * collection that would stop every edge.
 */
class HeapGiveBackTest {

    @Test
    void removedEdgesHeapIsGivenBackByAConcurrentCycle() throws Exception {
        String output = ProbeJvm.run(JvmFlags.forEdges(50), HeapGiveBackProbe.class); // -Xmx1728m, as for 50 edges

        Matcher heap = Pattern.compile("before (\\d+) after (\\d+)").matcher(output);
        assertTrue(heap.find(), output);
        long before = Long.parseLong(heap.group(1));
        long after = Long.parseLong(heap.group(2));
        assertTrue(before >= 600, "the dropped 200 MiB were still committed before: " + output);
        // 400 MiB live (and what the cycle has not yet reclaimed): G1's own 70 % free would keep it all
        assertTrue(after <= before * 3 / 4, "given back: " + output);
        assertTrue(output.contains("ratios 40 70"), "the JVM's own ratios restored: " + output);
        // without -XX:+ExplicitGCInvokesConcurrent the request is a full collection, counted here
        assertTrue(output.contains("gc G1 Old Generation 0"), "a concurrent cycle, no full collection: " + output);
    }
}
