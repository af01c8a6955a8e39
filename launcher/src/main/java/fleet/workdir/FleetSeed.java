package fleet.workdir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import fleet.FleetException;

/**
 * The seed that makes rendering reproducible: created once per work dir, so every run of the
 * same fleet gives each edge the same PIDs and ports (an edge keeps its identity across restarts).
 */
public final class FleetSeed {

    private FleetSeed() {
    }

    public static long loadOrCreate(WorkDir workDir) {
        Path file = workDir.seedFile();
        try {
            if (Files.isRegularFile(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                try {
                    return Long.parseUnsignedLong(text, 16);
                } catch (NumberFormatException e) {
                    throw FleetException.badInput(file + " holds '" + text + "', not a fleet seed (16 hex digits);"
                            + " restore it or delete it to start a fleet with new identities");
                }
            }
            long seed = new SecureRandom().nextLong();
            Files.writeString(file, HexFormat.of().toHexDigits(seed) + "\n", StandardCharsets.UTF_8);
            return seed;
        } catch (IOException e) {
            throw FleetException.failure("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }
}
