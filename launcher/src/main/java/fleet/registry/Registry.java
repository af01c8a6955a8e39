package fleet.registry;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import fleet.FleetException;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.workdir.WorkDir;

/**
 * The one way into Odoo's {@code openems_device} table: the rest of fleet never talks to the
 * database itself. Thread-safe; close it after the last edge stopped.
 *
 * <p>Embedded mode (no {@code --db}): starts, or joins, the work dir's own PostgreSQL on
 * 127.0.0.1, creates the table as Odoo's openems addon does, and prints one line with the port and
 * a psql command. When the last user of that server (in any fleet process) closes its registry, the
 * server stops; a JVM shutdown hook does the same for a registry that is never closed.
 *
 * <p>External mode: one HikariCP pool on the given database; fails within seconds, naming host,
 * port, database and cause (never the password); never creates or alters a table.
 *
 * <p>Every method fails with a {@link FleetException} that names the database and the cause.
 */
public final class Registry implements AutoCloseable {

    /**
     * HikariCP logs its start and stop, and each connection a database restart broke (with a stack
     * trace). fleet says what matters in its own lines and messages: only HikariCP's errors remain.
     */
    private static final Logger HIKARI_LOGGER = Logger.getLogger("com.zaxxer.hikari");

    static {
        HIKARI_LOGGER.setLevel(Level.SEVERE);
    }

    private final Database database;
    private final DeviceTable table;
    /** apikey → edge name: the receiver asks on every connection attempt. */
    private final ConcurrentHashMap<String, String> edgeByApikey = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The ranges this fleet holds while it runs. */
    private final java.util.List<RangeLease> leases = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Registry(Database database) {
        this.database = database;
        this.table = new DeviceTable(database.dataSource());
    }

    /** Opens the database of these settings: the embedded one in {@code workDir} unless {@code --db} was given. */
    public static Registry open(DatabaseSettings settings, WorkDir workDir, Console console) {
        return new Registry(settings.embedded() ? Database.embedded(workDir, console) : Database.external(settings));
    }

    /**
     * Registers {@code edge<first>..edge<last>}, all in one transaction (all or none): inserts the
     * missing devices with fresh apikeys, keeps the apikeys of existing ones, gives the devices fleet
     * created new ones when {@code rotateApikeys}. Devices that fleet did not create are used as they
     * are and never changed.
     */
    public Registration register(EdgeRange range, boolean rotateApikeys) {
        Registration registration;
        try {
            registration = table.register(range, rotateApikeys, database.external());
        } catch (SQLException e) {
            throw failure("registering " + span(range), ", nothing was registered", e);
        }
        edgeByApikey.values().removeAll(registration.rotated());
        registration.apikeys().forEach((name, apikey) -> edgeByApikey.put(apikey, name));
        return registration;
    }

    /**
     * Holds the range for this fleet until it closes the registry (or dies): another fleet on the same
     * database whose range overlaps is refused, naming this one.
     *
     * @throws FleetException (bad input) when a running fleet holds part of the range
     */
    public void holdRange(EdgeRange range) {
        leases.add(RangeLease.take(database, range));
    }

    /** Deletes the devices of the range that fleet created; never touches any other row. */
    public Unregistration unregister(EdgeRange range) {
        RangeLease.requireFree(database, range); // never remove a running fleet's edges
        Unregistration unregistration;
        try {
            unregistration = table.unregister(range);
        } catch (SQLException e) {
            throw failure("unregistering " + span(range), ", nothing was removed", e);
        }
        edgeByApikey.values().removeAll(unregistration.removed());
        return unregistration;
    }

    /**
     * The device an apikey belongs to, as the backend's Metadata service would answer. Answers from
     * memory for keys seen before and asks the table otherwise, so that a device registered after
     * the start (by any process) is found. A key rotated by another process stays known here until
     * this registry is reopened.
     */
    public Optional<String> edgeNameForApikey(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Optional.empty();
        }
        String known = edgeByApikey.get(apikey);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<String> name = table.nameForApikey(apikey);
            name.ifPresent(found -> edgeByApikey.put(apikey, found));
            return name;
        } catch (SQLException e) {
            throw failure("looking up an apikey", "", e);
        }
    }

    /**
     * Writes what a backend knows about the edges into {@code openems_is_connected},
     * {@code lastmessage} and {@code openems_version} (only when reported), in one UPDATE, as
     * Metadata.Odoo does every 30 s. Reports for unknown devices are ignored.
     */
    public void writeBack(Collection<DeviceReport> reports) {
        try {
            table.writeBack(reports);
        } catch (SQLException e) {
            throw failure("writing the state of " + reports.size() + " edges", "", e);
        }
    }

    /**
     * name → openems_is_connected for the edges of the range that have a device, in index order (a
     * NULL, never written by a backend, is false). An edge without a device is missing from the map.
     */
    public SequencedMap<String, Boolean> connectedFlags(EdgeRange range) {
        try {
            return Collections.unmodifiableSequencedMap(table.connectedFlags(range));
        } catch (SQLException e) {
            throw failure("reading openems_is_connected of " + span(range), "", e);
        }
    }

    /** True for fleet's embedded PostgreSQL, false for an external database given with --db. */
    /** How a program of the user's (the OpenEMS Backend fleet runs) logs in to this database. */
    public DatabaseLogin login() {
        return database.login();
    }

    public boolean embedded() {
        return !database.external();
    }

    /** One line for the console and the dashboard, e.g. the embedded server's address and a psql command. */
    public String describe() {
        return database.description();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            leases.forEach(RangeLease::close);
            database.close();
        }
    }

    /** E.g. "registering edge0..edge9 in database odoo at db:5432 failed, nothing was registered: FATAL: ...". */
    private FleetException failure(String action, String consequence, SQLException e) {
        return FleetException.failure(action + " in " + database.label() + " failed" + consequence + ": "
                + Database.reason(e, Optional.empty()), e);
    }

    static String span(EdgeRange range) {
        return range.count() == 1 ? EdgeRange.nameOf(range.first())
                : EdgeRange.nameOf(range.first()) + ".." + EdgeRange.nameOf(range.last());
    }
}
