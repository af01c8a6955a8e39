package fleet.plan;

import java.util.Optional;

/**
 * The database that holds Odoo's {@code openems_device} table.
 *
 * @param jdbcUrl       external database; empty = the embedded PostgreSQL in the work dir
 * @param user          database user (external only)
 * @param password      from FLEET_DB_PASSWORD or --db-password-file, never a flag
 * @param rotateApikeys give every existing device a new apikey
 */
public record DatabaseSettings(Optional<String> jdbcUrl, Optional<String> user, Optional<Secret> password,
        boolean rotateApikeys) {

    public DatabaseSettings {
        jdbcUrl.ifPresent(url -> Check.that(url.startsWith("jdbc:postgresql://"), "--db", url,
                "must look like jdbc:postgresql://host:port/dbname"));
    }

    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }
}
