package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApikeyFileTest {

    @TempDir
    Path tmp;

    @Test
    void generatedApikeysAreTwentyLettersAndDigits() {
        SecureRandom random = new SecureRandom();
        String a = ApikeyFile.generate(random);
        assertTrue(a.matches("[A-Za-z0-9]{20}"), a);
        assertNotEquals(a, ApikeyFile.generate(random));
    }

    @Test
    void writesPrivatelyAndReadsBack() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("edge0", "AAAAAAAAAAAAAAAAAAA0");
        keys.put("edge1", "AAAAAAAAAAAAAAAAAAA1");
        Path file = tmp.resolve("sub/apikeys.csv");
        ApikeyFile.write(file, keys);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("name,apikey", "edge0,AAAAAAAAAAAAAAAAAAA0", "edge1,AAAAAAAAAAAAAAAAAAA1"),
                Files.readAllLines(file));
        assertEquals(keys, ApikeyFile.read(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no partial file left behind");
        }
    }

    @Test
    void readsHandWrittenFiles() throws IOException {
        Path file = tmp.resolve("keys.csv");
        Files.writeString(file, "\uFEFF# team keys\n\nedge3, key3 \r\nedge4,key4\n");
        assertEquals(Map.of("edge3", "key3", "edge4", "key4"), ApikeyFile.read(file));
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path file = tmp.resolve("keys.csv");
        Files.writeString(file, "name,apikey\nedge0,k0\nedge1\n");
        assertEquals(file + ":3: expected name,apikey, found 1 fields",
                assertThrows(ConfigException.class, () -> ApikeyFile.read(file)).getMessage());
        Files.writeString(file, "edge0,k0\nedge1,k0\n");
        assertEquals(file + ":2: edge1 has the apikey of line 1; every edge needs its own",
                assertThrows(ConfigException.class, () -> ApikeyFile.read(file)).getMessage());
        Files.writeString(file, "edge0,k0\nedge0,k1\n");
        assertEquals(file + ":2: edge0 appears twice (first on line 1)",
                assertThrows(ConfigException.class, () -> ApikeyFile.read(file)).getMessage());
    }
}
