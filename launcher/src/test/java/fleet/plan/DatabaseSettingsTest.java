package fleet.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;

class DatabaseSettingsTest {

    @Test
    void withoutAUrlTheEmbeddedDatabaseIsUsed() {
        assertTrue(DatabaseSettings.EMBEDDED.embedded());
        assertTrue(DatabaseSettings.EMBEDDED.address().isEmpty());
    }

    @Test
    void theAddressComesFromTheUrlWithPostgresDefaults() {
        assertEquals(new DatabaseSettings.Address("db.example", "5433", "odoo"), external("jdbc:postgresql://db.example:5433/odoo").address().orElseThrow());
        assertEquals(new DatabaseSettings.Address("db.example", "5432", "odoo"), external("jdbc:postgresql://db.example/odoo?ssl=true").address().orElseThrow());
        assertEquals("db.example:5432/odoo", external("jdbc:postgresql://db.example/odoo").address().orElseThrow().toString());
    }

    @Test
    void badUrlsAreRefusedNamingTheRule() {
        assertEquals("--db mysql://x/odoo: must look like jdbc:postgresql://host:port/dbname",
                refused(() -> external("mysql://x/odoo")));
        assertEquals("--db jdbc:postgresql://db.example:5432/: must name a database: jdbc:postgresql://host:port/dbname",
                refused(() -> external("jdbc:postgresql://db.example:5432/")));
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        String message = refused(() -> external("jdbc:postgresql://db/odoo?user=odoo&password=Geheim123"));
        assertFalse(message.contains("Geheim123"), message);
        assertEquals("--db must not contain the password: use $FLEET_DB_PASSWORD or --db-password-file", message);
    }

    @Test
    void aPasswordInAnUnusableUrlIsNotRepeatedEither() {
        assertEquals("--db postgresql://odoo:***@db/odoo: must look like jdbc:postgresql://host:port/dbname",
                refused(() -> external("postgresql://odoo:Geheim123@db/odoo")));
        assertEquals("jdbc:mysql://db/odoo?user=odoo&password=***", DatabaseSettings.redacted(
                "jdbc:mysql://db/odoo?user=odoo&password=Geheim123"));
    }

    @Test
    void userAndPasswordNeedAnExternalDatabase() {
        assertEquals("--db-user needs --db (the embedded PostgreSQL has its own user)",
                refused(() -> new DatabaseSettings(Optional.empty(), Optional.of("odoo"), Optional.empty(), false)));
        assertEquals("--db-password-file needs --db (the embedded PostgreSQL needs no password)",
                refused(() -> new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.of(new Secret("x")), false)));
    }

    @Test
    void thePasswordNeverShowsInToString() {
        DatabaseSettings settings = new DatabaseSettings(Optional.of("jdbc:postgresql://db/odoo"), Optional.of("odoo"),
                Optional.of(new Secret("Geheim123")), false);
        assertFalse(settings.toString().contains("Geheim123"), settings.toString());
    }

    private static DatabaseSettings external(String url) {
        return new DatabaseSettings(Optional.of(url), Optional.empty(), Optional.empty(), false);
    }

    private static String refused(Runnable creation) {
        FleetException refused = assertThrows(FleetException.class, creation::run);
        assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
        return refused.getMessage();
    }
}
