package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KeysTest {

    private final Keys keys = new Keys();

    @Test
    void apikeysAreTwentyLettersAndDigitsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        Set<Character> characters = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String apikey = keys.apikey();
            assertTrue(apikey.matches("[A-Za-z0-9]{20}"), apikey);
            seen.add(apikey);
            apikey.chars().forEach(c -> characters.add((char) c));
        }
        assertEquals(10_000, seen.size());
        assertEquals(62, characters.size(), "every letter and digit is used");
    }

    @Test
    void setupPasswordsLookLikeOdoos() {
        for (int i = 0; i < 1000; i++) {
            String password = keys.setupPassword();
            assertTrue(password.matches("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"), password);
        }
    }
}
