package fleet.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Values a template leaves for fleet to fill in per edge, written {@code {{fleet:NAME}}} inside any
 * string value, e.g. {@code log4j2.appender.file.fileName="{{fleet:logDir}}/openems.log"}.
 *
 * <p>The syntax is chosen so that it cannot clash with what the values themselves use: log4j2
 * lookups ({@code ${sys:x}}, {@code $${ctx:x}}), log4j2 patterns ({@code %d{ISO8601}}), Felix
 * ConfigAdmin interpolation ({@code $[env:X]}), OpenEMS reference targets ({@code ${config.x}}) and
 * LDAP filters. A name is letters and digits. A placeholder fleet does not know is an error, never
 * left in place.
 */
public final class Placeholders {

    public static final String PREFIX = "{{fleet:";
    public static final String SUFFIX = "}}";

    /** The edge's own log directory (absolute), e.g. {@code <work-dir>/edges/edge7/logs}. */
    public static final String LOG_DIR = "logDir";
    /** The edge's name, e.g. {@code edge7}; always provided. */
    public static final String EDGE_NAME = "edgeName";
    /** The edge's index, e.g. {@code 7}; always provided. */
    public static final String EDGE_INDEX = "edgeIndex";

    private Placeholders() {
    }

    /** The placeholder text for a name, e.g. {@code {{fleet:logDir}}}. */
    public static String of(String name) {
        return PREFIX + name + SUFFIX;
    }

    /**
     * The placeholder names used in a text.
     *
     * @param where names the text in error messages (file and property)
     * @throws ConfigException if a {@code {{fleet:} is not followed by a name and {@code }}}
     */
    public static Set<String> namesIn(String text, String where) {
        Set<String> names = new LinkedHashSet<>();
        int from = 0;
        while (true) {
            int start = text.indexOf(PREFIX, from);
            if (start < 0) {
                return names;
            }
            int nameStart = start + PREFIX.length();
            int end = text.indexOf(SUFFIX, nameStart);
            String name = end < 0 ? "" : text.substring(nameStart, end);
            if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9'))) {
                throw new ConfigException(where + ": malformed placeholder at \"" + text.substring(start, Math.min(
                        text.length(), start + 30)) + "\": write " + of("name") + " with a name of letters and digits");
            }
            names.add(name);
            from = end + SUFFIX.length();
        }
    }

    /** The text with every placeholder replaced; the caller has checked that all names have values. */
    static String substitute(String text, Map<String, String> values) {
        int start = text.indexOf(PREFIX);
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int from = 0;
        while (start >= 0) {
            int end = text.indexOf(SUFFIX, start + PREFIX.length());
            String name = text.substring(start + PREFIX.length(), end);
            out.append(text, from, start).append(values.get(name));
            from = end + SUFFIX.length();
            start = text.indexOf(PREFIX, from);
        }
        return out.append(text, from, text.length()).toString();
    }
}
