package fleet.registry;

import java.util.Optional;

import fleet.plan.Secret;

/**
 * How another program logs in to the database that holds {@code openems_device}: the OpenEMS
 * Backend fleet runs ({@code --with-backend}) reads its devices from it.
 *
 * @param password empty for the embedded server (trust authentication on 127.0.0.1)
 */
public record DatabaseLogin(String host, int port, String database, String user, Optional<Secret> password) {
}
