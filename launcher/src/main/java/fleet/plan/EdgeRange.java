package fleet.plan;

import java.util.stream.IntStream;

/**
 * Which edges a fleet owns: {@code edge<first>} to {@code edge<first+count-1>}. Several fleets can
 * share one database by using ranges that do not overlap.
 */
public record EdgeRange(int first, int count) {

    public static final int MAX_EDGES = 10_000;

    public EdgeRange {
        Check.range("--first-index", first, 0, 1_000_000);
        Check.range("--edges", count, 1, MAX_EDGES);
    }

    /** Edge indexes in order. */
    public IntStream indexes() {
        return IntStream.range(first, first + count);
    }

    /** The edge name Odoo and the backend know it by. */
    public static String nameOf(int index) {
        return "edge" + index;
    }

    /** The index in an edge name made by {@link #nameOf}. */
    public static int indexOf(String name) {
        if (!name.matches("edge\\d{1,9}")) {
            throw new IllegalArgumentException(name + " is not an edge name like edge7");
        }
        return Integer.parseInt(name.substring("edge".length()));
    }

    public int last() {
        return first + count - 1;
    }
}
