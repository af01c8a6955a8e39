package fleet.config;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * OpenEMS's {@code Core.User} configuration: the passwords of its four users, each stored as the
 * Base64 of PBKDF2WithHmacSHA512 over the password and a salt (OpenEMS's
 * {@code ManagedUser.hashPassword}: 10 iterations, 256 bits) next to the Base64 of the salt.
 */
public final class CoreUsers {

    public static final String PID = "Core.User";
    /** OpenEMS's users, in the order of its {@code Core.User} configuration. */
    public static final List<String> USERS = List.of("admin", "installer", "owner", "guest");

    static final int ITERATIONS = 10;
    static final int KEY_BITS = 256;

    /** One user's password and salt. */
    public record Secret(String password, byte[] salt) {

        public Secret {
            if (password == null || password.isEmpty() || salt == null || salt.length == 0) {
                throw new IllegalArgumentException("a user needs a password and a salt");
            }
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Secret s && s.password.equals(password) && java.util.Arrays.equals(s.salt, salt);
        }

        @Override
        public int hashCode() {
            return password.hashCode() * 31 + java.util.Arrays.hashCode(salt);
        }

        @Override
        public String toString() {
            return "Secret[password hidden]";
        }
    }

    /** OpenEMS's own defaults (its {@code Config}): admin/admin, installer/installer, owner/owner, guest/user. */
    public static final Map<String, Secret> OPENEMS_DEFAULTS = defaults();

    private CoreUsers() {
    }

    private static Map<String, Secret> defaults() {
        Map<String, Secret> m = new LinkedHashMap<>();
        m.put("admin", new Secret("admin", "admin".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        m.put("installer", new Secret("installer", "installer".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        m.put("owner", new Secret("owner", "owner".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        m.put("guest", new Secret("user", "user".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The Base64 hash OpenEMS compares a login's password with. */
    public static String hash(String password, byte[] salt) {
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, KEY_BITS)).getEncoded();
            return Base64.getEncoder().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA512", e);
        }
    }

    /**
     * The properties fleet owns in {@code Core.User}: {@code <user>Password} and {@code <user>Salt} of
     * each of the four users (OpenEMS's other properties, e.g. its additional users, stay).
     *
     * @throws IllegalArgumentException when a user has no secret
     */
    public static Configuration configuration(Map<String, Secret> secrets) {
        Configuration.Builder builder = Configuration.builder().put(Configuration.SERVICE_PID, ConfigValue.of(PID));
        for (String user : USERS) {
            Secret secret = secrets.get(user);
            if (secret == null) {
                throw new IllegalArgumentException("no password for OpenEMS user " + user);
            }
            builder.put(user + "Password", ConfigValue.of(hash(secret.password(), secret.salt())));
            builder.put(user + "Salt", ConfigValue.of(Base64.getEncoder().encodeToString(secret.salt())));
        }
        return builder.build();
    }
}
