package fleet.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that the dashboard prints at start and every action must carry: proof that the caller
 * saw fleet's output, which another web page in the same browser never does.
 */
final class AccessToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 24;

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    static AccessToken random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String value() {
        return value;
    }

    /** Compares in constant time, so the answer's timing tells nothing about the token. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AccessToken[***]"; // never into a log line by accident
    }
}
