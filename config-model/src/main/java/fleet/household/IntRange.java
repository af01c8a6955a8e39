package fleet.household;

/**
 * An inclusive range of whole numbers a household parameter is drawn from; {@code min == max} fixes it.
 *
 * @param min smallest value
 * @param max largest value
 */
public record IntRange(int min, int max) {

    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("range " + min + ".." + max + ": min is above max");
        }
    }

    public static IntRange of(int value) {
        return new IntRange(value, value);
    }

    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    /** As a user writes it: {@code 3000..10000}, or one number for a fixed value. */
    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + ".." + max;
    }
}
