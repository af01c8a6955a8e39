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

    /**
     * An IP address of this machine written as digits (no host name: nothing is looked up), or a
     * wildcard ({@code 0.0.0.0}, {@code ::}) for every interface.
     */
    public static java.net.InetAddress localAddress(String setting, String value) {
        String rule = "must be an IP address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every interface";
        that(value != null && value.matches("[0-9A-Fa-f.:]+") && (value.contains(".") || value.contains(":")),
                setting, value, rule);
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(value); // a literal: no lookup
            that(address.isAnyLocalAddress() || java.net.NetworkInterface.getByInetAddress(address) != null, setting,
                    value, rule);
            return address;
        } catch (java.io.IOException e) {
            throw FleetException.badInput(setting + " " + value + ": " + rule);
        }
    }

    public static void that(boolean condition, String setting, Object value, String rule) {
        if (!condition) {
            throw FleetException.badInput(setting + " " + value + ": " + rule);
        }
    }
}
