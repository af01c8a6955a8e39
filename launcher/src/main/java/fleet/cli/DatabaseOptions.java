package fleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import fleet.FleetException;
import fleet.plan.DatabaseSettings;
import fleet.plan.Secret;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The database that holds Odoo's openems_device table, and whether to rotate apikeys (run, register). */
public final class DatabaseOptions {

    static final String PASSWORD_ENV = "FLEET_DB_PASSWORD";

    @Mixin
    Connection connection;

    @Option(names = "--rotate-apikeys", description = "Give every device fleet created in this range a new apikey.")
    boolean rotateApikeys;

    public DatabaseSettings toSettings() {
        return connection.toSettings(rotateApikeys);
    }

    /** Only where the database is (unregister has nothing to rotate). The password is never a flag. */
    public static final class Connection {

        @Option(names = "--db", paramLabel = "JDBC-URL",
                description = "Odoo's database, e.g. jdbc:postgresql://localhost:5432/odoo (default: an embedded"
                        + " PostgreSQL in the work dir). Password from $" + PASSWORD_ENV + " or --db-password-file.")
        String jdbcUrl;

        @Option(names = "--db-user", paramLabel = "USER", description = "Database user (with --db).")
        String user;

        @Option(names = "--db-password-file", paramLabel = "FILE",
                description = "File whose first line is the database password (with --db).")
        Path passwordFile;

        public DatabaseSettings toSettings(boolean rotateApikeys) {
            return new DatabaseSettings(Optional.ofNullable(jdbcUrl), Optional.ofNullable(user), password(),
                    rotateApikeys);
        }

        private Optional<Secret> password() {
            if (passwordFile != null) {
                try {
                    String content = Files.readString(passwordFile);
                    int newline = content.indexOf('\n');
                    return Optional.of(new Secret((newline < 0 ? content : content.substring(0, newline)).strip()));
                } catch (IOException e) {
                    throw FleetException.badInput("--db-password-file " + passwordFile + ": cannot read it ("
                            + e.getClass().getSimpleName() + ")", e);
                }
            }
            if (jdbcUrl == null) {
                return Optional.empty(); // the embedded database needs none; a set variable is not an error
            }
            return Optional.ofNullable(System.getenv(PASSWORD_ENV)).map(Secret::new);
        }
    }
}
