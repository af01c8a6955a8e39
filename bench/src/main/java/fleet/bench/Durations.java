package fleet.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as fleet's CLI writes them: {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {
    }

    static Duration parse(String option, String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw BenchException.badInput(option + " " + text + ": not a duration; write e.g. 60s, 2m or 500ms");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The form fleet's --duration and --wait-online accept: whole seconds, at least 1. */
    static String forFleet(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000) + "s";
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
