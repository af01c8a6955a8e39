package fleet.plan;

import fleet.FleetException;

/**
 * Validation for plan records. Every failure names the setting, the value and the rule, e.g.
 * {@code --edges 0: must be between 1 and 10000}.
 */
public final class Check {

    private Check() {
    }

    public static int range(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw FleetException.badInput(setting + " " + value + ": must be between " + min + " and " + max);
        }
        return value;
    }

    public static <T> T notNull(String setting, T value) {
        if (value == null) {
            throw FleetException.badInput(setting + " is required");
        }
        return value;
    }

    public static void that(boolean condition, String setting, Object value, String rule) {
        if (!condition) {
            throw FleetException.badInput(setting + " " + value + ": " + rule);
        }
    }
}
