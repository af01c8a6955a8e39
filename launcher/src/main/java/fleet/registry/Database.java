package fleet.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.Secret;
import fleet.workdir.WorkDir;

/**
 * The database that holds {@code openems_device}, as one HikariCP pool: the embedded server of the
 * work dir, or an external PostgreSQL (Odoo's database), which fleet never alters.
 */
final class Database implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** No statement of fleet's takes long; a server that stops answering must not hang fleet. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final HikariDataSource pool;
    private final String label;
    private final String description;
    private final Optional<EmbeddedServer> server;
    private final DatabaseLogin login;

    private Database(HikariDataSource pool, String label, String description, Optional<EmbeddedServer> server,
            DatabaseLogin login) {
        this.login = login;
        this.pool = pool;
        this.label = label;
        this.description = description;
        this.server = server;
    }

    DatabaseLogin login() {
        return login;
    }

    /** A session of its own, outside the pool (e.g. a {@link RangeLease} that lasts as long as the fleet). */
    Connection session() throws SQLException {
        return connect("jdbc:postgresql://" + login.host() + ":" + login.port() + "/" + login.database(),
                Optional.of(login.user()), login.password());
    }

    DataSource dataSource() {
        return pool;
    }

    boolean external() {
        return server.isEmpty();
    }

    /** For messages: "database odoo at db.example:5432" or "the embedded database (127.0.0.1:54321)". */
    String label() {
        return label;
    }

    /** One line for the console and the dashboard. */
    String description() {
        return description;
    }

    /**
     * Connects to the external database once before building the pool: a wrong host, port, password
     * or database fails within seconds with the driver's own reason, instead of a pool's retries.
     */
    static Database external(DatabaseSettings settings) {
        DatabaseSettings.Address address = settings.address().orElseThrow();
        String url = settings.jdbcUrl().orElseThrow();
        Optional<Secret> password = settings.password();
        String where = "database " + address.database() + " at " + address.host() + ":" + address.port();
        String version;
        try (Connection connection = connect(url, settings.user(), password)) {
            if (!OdooDeviceSchema.exists(connection)) {
                throw FleetException.failure("database " + address.database() + " has no "
                        + OdooDeviceSchema.TABLE + " table — is Odoo's openems addon installed?");
            }
            List<String> missing = OdooDeviceSchema.missingColumns(connection);
            if (!missing.isEmpty()) {
                throw FleetException.failure(where + ": table " + OdooDeviceSchema.TABLE + " has no column "
                        + String.join(", ", missing) + " — fleet needs the table of Odoo's openems addon 14.0 or newer");
            }
            version = connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw FleetException.failure("cannot connect to " + where + settings.user().map(user -> " as " + user).orElse("")
                    + ": " + reason(e, password), e);
        }
        HikariDataSource pool = pool(url, settings.user(), password, where);
        Optional<String> user = settings.user().or(() -> Optional.ofNullable(
                Driver.parseURL(url, new Properties()).getProperty(PGProperty.USER.getName())));
        return new Database(pool, where, "PostgreSQL " + version + " at " + address.host() + ":" + address.port()
                + ", database " + address.database() + user.map(name -> ", user " + name).orElse(""), Optional.empty(),
                new DatabaseLogin(address.host(), Integer.parseInt(address.port()), address.database(),
                        user.orElse(EmbeddedServer.USER), password));
    }

    /** Starts (or joins) the work dir's embedded server and creates Odoo's table in it when missing. */
    static Database embedded(WorkDir workDir, Console console) {
        EmbeddedServer server = EmbeddedServer.acquire(workDir.postgresDir(), console);
        HikariDataSource pool = null;
        try {
            String label = "the embedded database (" + EmbeddedServer.HOST + ":" + server.port() + ")";
            pool = pool(server.jdbcUrl(), Optional.of(EmbeddedServer.USER), Optional.empty(), label);
            String version;
            try (Connection connection = pool.getConnection()) {
                OdooDeviceSchema.createIfMissing(connection);
                version = connection.getMetaData().getDatabaseProductVersion();
            }
            String where = EmbeddedServer.HOST + ":" + server.port();
            console.info("embedded PostgreSQL " + version + (server.foundRunning() ? " (already running for this work"
                    + " dir)" : "") + " on " + where + ", data in " + server.dataDir() + " — " + server.psqlCommand());
            return new Database(pool, label, "embedded PostgreSQL " + version + " on " + where + ", database "
                    + EmbeddedServer.DATABASE + " (" + server.psqlCommand() + ")", Optional.of(server),
                    new DatabaseLogin(EmbeddedServer.HOST, server.port(), EmbeddedServer.DATABASE, EmbeddedServer.USER,
                            Optional.empty()));
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            EmbeddedServer.release(server);
            if (e instanceof FleetException fleetException) {
                throw fleetException;
            }
            throw FleetException.failure("cannot prepare the embedded database on " + EmbeddedServer.HOST + ":"
                    + server.port() + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String url, Optional<String> user, Optional<Secret> password) throws SQLException {
        Properties properties = driverProperties();
        user.ifPresent(value -> properties.setProperty(PGProperty.USER.getName(), value));
        password.ifPresent(value -> properties.setProperty(PGProperty.PASSWORD.getName(), value.reveal()));
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL");
        }
        return connection;
    }

    private static HikariDataSource pool(String url, Optional<String> user, Optional<Secret> password, String where) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("fleet-registry");
        config.setJdbcUrl(url);
        // This driver, not whichever DriverManager offers first (edge bundles may bring their own).
        config.setDriverClassName(Driver.class.getName());
        user.ifPresent(config::setUsername);
        password.ifPresent(value -> config.setPassword(value.reveal()));
        config.setDataSourceProperties(driverProperties());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof SQLException sql ? sql : e;
            throw FleetException.failure("cannot connect to " + where + ": " + reason(cause, password), e);
        }
    }

    private static Properties driverProperties() {
        Properties properties = new Properties();
        properties.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), String.valueOf(2 * CONNECT_TIMEOUT_SECONDS));
        properties.setProperty(PGProperty.SOCKET_TIMEOUT.getName(), String.valueOf(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty(PGProperty.TCP_KEEP_ALIVE.getName(), "true");
        properties.setProperty(PGProperty.APPLICATION_NAME.getName(), "fleet");
        return properties;
    }

    /**
     * The driver's reason, with the underlying cause when the driver's message is generic (e.g. an
     * unknown host), and never the password, should any message ever quote it.
     */
    static String reason(Throwable e, Optional<Secret> password) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
            reason += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        if (password.isPresent() && password.get().reveal().length() >= 3) {
            reason = reason.replace(password.get().reveal(), "********");
        }
        return reason;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            server.ifPresent(EmbeddedServer::release);
        }
    }
}
