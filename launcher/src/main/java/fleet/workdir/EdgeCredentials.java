package fleet.workdir;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import fleet.FleetException;
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
        try {
            // 0600 from the first byte: the temporary file is created with it, then moved into place
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                out.write("# OpenEMS users of this edge, made by fleet; Core.User holds their hashes\n");
                for (Map.Entry<String, CoreUsers.Secret> entry : secrets.entrySet()) {
                    out.write(entry.getKey() + ".password=" + entry.getValue().password() + "\n");
                    out.write(entry.getKey() + ".salt=" + Base64.getEncoder().encodeToString(entry.getValue().salt())
                            + "\n");
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw FleetException.failure("cannot write " + file + ": " + e.getMessage(), e);
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
