package fleet.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import fleet.FleetException;
import fleet.config.AtomicFile;
import fleet.config.CoreUsers;

/**
 * The passwords of one edge's OpenEMS users (admin, installer, owner, guest): made with
 * SecureRandom the first time the edge is rendered, kept in {@code edges/<edge>/credentials.properties}
 * with mode 0600 and the same on every later run. Each with its own random salt, so that the hashes
 * in the edge's {@code Core.User} stay the same too.
 */
public final class EdgeCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PASSWORD_BYTES = 15; // 20 characters of URL-safe Base64
    private static final int SALT_BYTES = 16;

    private EdgeCredentials() {
    }

    /** The edge's users and secrets; creates (or completes) the file when needed. */
    public static Map<String, CoreUsers.Secret> loadOrCreate(WorkDir.EdgeDirs edge) {
        Path file = edge.credentialsFile();
        Map<String, CoreUsers.Secret> secrets = read(file);
        if (secrets.keySet().containsAll(CoreUsers.USERS)) {
            return secrets;
        }
        Map<String, CoreUsers.Secret> complete = new LinkedHashMap<>();
        for (String user : CoreUsers.USERS) {
            complete.put(user, secrets.getOrDefault(user, new CoreUsers.Secret(randomPassword(), randomSalt())));
        }
        write(file, complete);
        return complete;
    }

    /** What the file holds (users without a complete entry left out); empty when there is no file. */
    public static Map<String, CoreUsers.Secret> read(Path file) {
        Map<String, CoreUsers.Secret> secrets = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return secrets;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw FleetException.badInput("cannot read " + file + ": " + e.getMessage()
                    + " — restore it, or delete it to give the edge new passwords");
        }
        for (String user : CoreUsers.USERS) {
            String password = properties.getProperty(user + ".password", "");
            String salt = properties.getProperty(user + ".salt", "");
            if (!password.isEmpty() && !salt.isEmpty()) {
                try {
                    secrets.put(user, new CoreUsers.Secret(password, Base64.getDecoder().decode(salt)));
                } catch (IllegalArgumentException e) {
                    throw FleetException.badInput(file + ": " + user + ".salt is not Base64 — restore the file, or"
                            + " delete it to give the edge new passwords");
                }
            }
        }
        return secrets;
    }

    private static void write(Path file, Map<String, CoreUsers.Secret> secrets) {
        StringBuilder text = new StringBuilder("# OpenEMS users of this edge, made by fleet; Core.User holds their hashes\n");
        for (Map.Entry<String, CoreUsers.Secret> entry : secrets.entrySet()) {
            text.append(entry.getKey()).append(".password=").append(entry.getValue().password()).append('\n');
            text.append(entry.getKey()).append(".salt=").append(Base64.getEncoder().encodeToString(entry.getValue()
                    .salt())).append('\n');
        }
        try {
            AtomicFile.write(file, text.toString(), true); // 0600 from the first byte
        } catch (UncheckedIOException e) {
            throw FleetException.failure(e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] randomSalt() {
        byte[] bytes = new byte[SALT_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
