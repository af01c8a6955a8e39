package fleet.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Edge apikeys as a CSV file of {@code name,apikey} lines (an optional {@code name,apikey} header,
 * blank lines and {@code #} comments allowed), and new apikeys as Odoo makes them.
 */
public final class ApikeyFile {

    public static final String HEADER = "name,apikey";
    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 20;

    private ApikeyFile() {
    }

    /** 20 characters of {@code [A-Za-z0-9]}, as Odoo's openems addon generates a missing apikey. */
    public static String generate(SecureRandom random) {
        StringBuilder key = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            key.append(LETTERS_AND_DIGITS.charAt(random.nextInt(LETTERS_AND_DIGITS.length())));
        }
        return key.toString();
    }

    /**
     * Reads name to apikey, in file order.
     *
     * @throws ConfigException naming file and line for a malformed line, a repeated name or a
     *                         repeated apikey (two edges with one apikey are one edge to the backend)
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read apikeys from " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> apikeys = new LinkedHashMap<>();
        Map<String, Integer> lineOfApikey = new HashMap<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (first && line.replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER)) {
                first = false;
                continue;
            }
            first = false;
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                throw new ConfigException(file + ":" + number + ": expected name,apikey, found " + fields.length
                        + " fields");
            }
            String name = fields[0].strip();
            String apikey = fields[1].strip();
            if (name.isEmpty() || apikey.isEmpty()) {
                throw new ConfigException(file + ":" + number + ": name and apikey must not be empty");
            }
            if (apikey.chars().anyMatch(Character::isWhitespace) || name.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(file + ":" + number + ": name and apikey must not contain spaces");
            }
            Integer earlier = lineOfName.putIfAbsent(name, number);
            if (earlier != null) {
                throw new ConfigException(file + ":" + number + ": " + name + " appears twice (first on line "
                        + earlier + ")");
            }
            earlier = lineOfApikey.putIfAbsent(apikey, number);
            if (earlier != null) {
                throw new ConfigException(file + ":" + number + ": " + name + " has the apikey of line " + earlier
                        + "; every edge needs its own");
            }
            apikeys.put(name, apikey);
        }
        return apikeys;
    }

    /**
     * Writes the file readable and writable by its owner only (0600 where the file system has POSIX
     * permissions), atomically: there is no moment in which others could read the keys.
     */
    public static void write(Path file, Map<String, String> apikeys) {
        List<String> lines = new ArrayList<>(apikeys.size() + 1);
        lines.add(HEADER);
        apikeys.forEach((name, apikey) -> lines.add(name + "," + apikey));
        AtomicFile.write(file, String.join("\n", lines) + "\n", true);
    }
}
