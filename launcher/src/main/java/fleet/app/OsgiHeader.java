package fleet.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses OSGi/bnd parameter headers such as
 * {@code org.apache.felix.scr;version='2.2.6';startlevel=10,io.openems.edge.core;version=...}:
 * clauses separated by commas, attributes by semicolons, values optionally quoted.
 */
final class OsgiHeader {

    /** One clause: its key (e.g. a bundle symbolic name) and its attributes and directives. */
    record Clause(String key, Map<String, String> attributes) {
    }

    private OsgiHeader() {
    }

    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            if (parts.isEmpty() || parts.get(0).isBlank()) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = part.substring(0, eq).trim();
                if (name.endsWith(":")) {
                    name = name.substring(0, name.length() - 1);
                }
                attributes.put(name, unquote(part.substring(eq + 1).trim()));
            }
            clauses.add(new Clause(stripDuplicateMarker(parts.get(0).trim()), attributes));
        }
        return clauses;
    }

    /** bnd marks repeated keys with trailing '~'. */
    private static String stripDuplicateMarker(String key) {
        int end = key.length();
        while (end > 0 && key.charAt(end - 1) == '~') {
            end--;
        }
        return key.substring(0, end);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (c == separator) {
                parts.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString().trim());
        }
        return parts;
    }
}
