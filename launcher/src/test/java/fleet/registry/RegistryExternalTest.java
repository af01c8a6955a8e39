package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.plan.Secret;
import fleet.workdir.WorkDir;

/** Against a separately started PostgreSQL that plays a team's Odoo database. */
class RegistryExternalTest {

    @TempDir
    static Path temp;

    static ExternalPostgres odoo;

    @BeforeAll
    static void startOdoosDatabase() {
        odoo = ExternalPostgres.start(temp.resolve("external"));
        odoo.superuser("CREATE DATABASE nodevices OWNER " + ExternalPostgres.USER,
                "CREATE DATABASE oldaddon OWNER " + ExternalPostgres.USER);
        odoo.asOdoo("oldaddon", "CREATE TABLE openems_device (id SERIAL PRIMARY KEY, name varchar NOT NULL,"
                + " apikey varchar NOT NULL, comment varchar, active bool)");
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    @Test
    void registersAndAsksForABackendRestartOnlyWhenTheBackendCannotKnowTheKeys() throws Exception {
        try (Registry registry = open(ExternalPostgres.DATABASE)) {
            assertFalse(registry.embedded());
            assertEquals("PostgreSQL " + serverVersion() + " at 127.0.0.1:" + odoo.port() + ", database odoo, user odoo",
                    registry.describe());

            Registration created = registry.register(new EdgeRange(0, 10), false);
            assertTrue(created.backendRestartNeeded());
            assertEquals("10 new devices in openems_device: restart the OpenEMS Backend so that it accepts them"
                    + " (Metadata.Odoo reads the devices only when it starts)", created.backendHint().orElseThrow());

            Registration again = registry.register(new EdgeRange(0, 10), false);
            assertFalse(again.backendRestartNeeded(), "every device existed: nothing to say");
            assertTrue(again.backendHint().isEmpty());
            assertEquals(created.apikeys(), again.apikeys());

            Registration grown = registry.register(new EdgeRange(0, 11), true);
            assertEquals("1 new device and 10 new apikeys in openems_device: restart the OpenEMS Backend so that it"
                    + " accepts them (Metadata.Odoo reads the devices only when it starts)", grown.backendHint().orElseThrow());
        }
        try (Connection connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT u.login FROM openems_device d JOIN res_users u"
                        + " ON u.id = d.create_uid WHERE d.name = 'edge0'")) {
            assertTrue(row.next());
            assertEquals("__system__", row.getString(1), "create_uid is Odoo's superuser, a valid foreign key");
        }
        assertFalse(java.nio.file.Files.exists(temp.resolve("unused")), "an external database needs no work dir");
    }

    @Test
    void aDatabaseWithoutTheTableIsRefusedAndLeftAsItIs() throws Exception {
        FleetException refused = assertThrows(FleetException.class, () -> open("nodevices"));

        assertEquals("database nodevices has no openems_device table — is Odoo's openems addon installed?",
                refused.getMessage());
        assertEquals(ExitCode.FAILURE, refused.exitCode());
        try (Connection connection = odoo.connectAsOdoo("nodevices"); Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            assertTrue(tables.next());
            assertEquals(0, tables.getInt(1), "fleet never creates tables in an external database");
        }
    }

    @Test
    void aTableWithoutOdoosColumnsIsRefused() {
        FleetException refused = assertThrows(FleetException.class, () -> open("oldaddon"));

        assertEquals("database oldaddon at 127.0.0.1:" + odoo.port() + ": table openems_device has no column producttype,"
                + " oem, setup_password, name_number, openems_is_connected, lastmessage, openems_version, create_uid,"
                + " create_date, write_uid, write_date — fleet needs the table of Odoo's openems addon 14.0 or newer",
                refused.getMessage());
    }

    @Test
    void aWrongPasswordIsNamedWithoutThePassword() {
        String wrong = "Wr0ng-Pa55word-4711";
        FleetException refused = assertThrows(FleetException.class,
                () -> Registry.open(odoo.settings(ExternalPostgres.DATABASE, wrong), null, Console.stderr()));

        assertEquals("cannot connect to database odoo at 127.0.0.1:" + odoo.port() + " as odoo: FATAL: password"
                + " authentication failed for user \"odoo\"", refused.getMessage());
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(wrong), "the password leaked: " + cause);
        }
        assertFalse(odoo.settings(ExternalPostgres.DATABASE, wrong).toString().contains(wrong));
    }

    @Test
    void anUnreachableDatabaseFailsWithinSeconds() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        DatabaseSettings settings = new DatabaseSettings(Optional.of("jdbc:postgresql://127.0.0.1:" + closedPort + "/odoo"),
                Optional.of("odoo"), Optional.of(new Secret(ExternalPostgres.PASSWORD)), false);
        long start = System.nanoTime();
        FleetException refused = assertThrows(FleetException.class, () -> Registry.open(settings, null, Console.stderr()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.toSeconds() < 10, "took " + took);
        assertTrue(refused.getMessage().startsWith("cannot connect to database odoo at 127.0.0.1:" + closedPort
                + " as odoo: Connection to 127.0.0.1:" + closedPort + " refused"), refused.getMessage());
    }

    @Test
    void anUnknownHostIsNamed() {
        DatabaseSettings settings = new DatabaseSettings(Optional.of("jdbc:postgresql://no-such-host.invalid:5432/odoo"),
                Optional.empty(), Optional.empty(), false);
        FleetException refused = assertThrows(FleetException.class, () -> Registry.open(settings, null, Console.stderr()));

        assertTrue(refused.getMessage().startsWith("cannot connect to database odoo at no-such-host.invalid:5432: "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("no-such-host.invalid"), refused.getMessage());
    }

    @Test
    void theReceiversCallsWorkOnTheExternalTable() {
        try (Registry registry = open(ExternalPostgres.DATABASE)) {
            Registration registration = registry.register(new EdgeRange(50, 2), false);
            assertEquals("edge51", registry.edgeNameForApikey(registration.apikey("edge51")).orElseThrow());
            registry.writeBack(java.util.List.of(new DeviceReport("edge51", true, java.time.Instant.now(), "2026.5.0")));
            assertEquals(java.util.Map.of("edge50", false, "edge51", true), registry.connectedFlags(new EdgeRange(50, 2)));
            assertEquals(2, registry.unregister(new EdgeRange(50, 2)).removed().size());
        }
    }

    private static Registry open(String database) {
        return Registry.open(odoo.settings(database, ExternalPostgres.PASSWORD), new WorkDir(temp.resolve("unused")),
                Console.stderr());
    }

    private static String serverVersion() throws Exception {
        try (Connection connection = odoo.connectAsOdoo(ExternalPostgres.DATABASE)) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }
}
