package fleet.registry;

import java.security.SecureRandom;

/** Random secrets in the formats Odoo's openems addon generates. */
final class Keys {

    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final SecureRandom random = new SecureRandom();

    /** 20 characters of [A-Za-z0-9], like {@code Device._generate_api_key}. */
    String apikey() {
        return randomString(LETTERS_AND_DIGITS, 20);
    }

    /** XXXX-XXXX-XXXX-XXXX of [A-Z0-9], like {@code Device._generate_unique_setup_password}. */
    String setupPassword() {
        String raw = randomString(UPPER_AND_DIGITS, 16);
        return raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12);
    }

    private String randomString(String alphabet, int length) {
        StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return builder.toString();
    }
}
