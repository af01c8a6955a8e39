package fleet.plan;

import java.util.Optional;
import java.util.Properties;

import org.postgresql.Driver;

import fleet.FleetException;

/**
 * The database that holds Odoo's {@code openems_device} table.
 *
 * @param jdbcUrl       external database; empty = the embedded PostgreSQL in the work dir
 * @param user          database user (external only; may also be given in the URL)
 * @param password      from FLEET_DB_PASSWORD or --db-password-file, never a flag (external only)
 * @param rotateApikeys give every device fleet created a new apikey
 */
public record DatabaseSettings(Optional<String> jdbcUrl, Optional<String> user, Optional<Secret> password,
        boolean rotateApikeys) {

    /** fleet's default: the embedded PostgreSQL, existing apikeys kept. */
    public static final DatabaseSettings EMBEDDED = new DatabaseSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), false);

    public DatabaseSettings {
        jdbcUrl.ifPresent(DatabaseSettings::parse);
        if (jdbcUrl.isEmpty() && user.isPresent()) {
            throw FleetException.badInput("--db-user needs --db (the embedded PostgreSQL has its own user)");
        }
        if (jdbcUrl.isEmpty() && password.isPresent()) {
            throw FleetException.badInput("--db-password-file needs --db (the embedded PostgreSQL needs no password)");
        }
    }

    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }

    /** Host, port and database of the external database; empty for the embedded one. */
    public Optional<Address> address() {
        return jdbcUrl.map(DatabaseSettings::parse);
    }

    /** Where an external database lives, for messages: never the user's password. */
    public record Address(String host, String port, String database) {

        @Override
        public String toString() {
            return host + ":" + port + "/" + database;
        }
    }

    private static Address parse(String url) {
        Check.that(url.startsWith("jdbc:postgresql://"), "--db", redacted(url),
                "must look like jdbc:postgresql://host:port/dbname");
        Properties parsed = Driver.parseURL(url, new Properties());
        Check.that(parsed != null, "--db", redacted(url),
                "is not a valid PostgreSQL JDBC URL (jdbc:postgresql://host:port/dbname)");
        if (parsed.containsKey("password")) { // it would show up in `ps` and in the shell's history
            throw FleetException.badInput("--db must not contain the password: use $FLEET_DB_PASSWORD or"
                    + " --db-password-file");
        }
        String database = parsed.getProperty("PGDBNAME", "");
        Check.that(!database.isEmpty(), "--db", redacted(url), "must name a database: jdbc:postgresql://host:port/dbname");
        return new Address(parsed.getProperty("PGHOST", "localhost"), parsed.getProperty("PGPORT", "5432"), database);
    }

    /** The URL for a message: a password pasted into it (user:pw@host, password=...) is not repeated. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
