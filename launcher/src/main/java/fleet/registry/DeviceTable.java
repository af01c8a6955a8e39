package fleet.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import fleet.plan.EdgeRange;

/**
 * fleet's statements on {@code openems_device}. Each operation is one transaction and sends its
 * rows as arrays ({@code unnest}): one round trip for 1 or 10 000 edges.
 */
final class DeviceTable {

    /** In {@code comment}: marks the rows fleet created, the only ones it rotates or deletes. */
    static final String FLEET_MARKER = "created by fleet (simulated edge)";

    /** Odoo's superuser (base.user_root): what the ORM writes as create_uid/write_uid for system-made records. */
    static final int ODOO_SUPERUSER_ID = 1;

    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE classes 08 (connection exception) and 57P (e.g. 57P01: the server shuts down). */
    private static final String CONNECTION_EXCEPTION = "08";
    private static final String OPERATOR_INTERVENTION = "57P";
    private static final int ATTEMPTS = 2;

    private final DataSource dataSource;
    private final Keys keys = new Keys();

    DeviceTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers every edge of the range, all or nothing. */
    Registration register(EdgeRange range, boolean rotate, boolean external) throws SQLException {
        return transaction(connection -> register(connection, names(range), rotate, external));
    }

    private Registration register(Connection connection, List<String> names, boolean rotate, boolean external)
            throws SQLException {
        record Existing(String apikey, boolean fleets) {
        }
        Map<String, Existing> existing = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, apikey, comment FROM openems_device WHERE name = ANY(?) FOR UPDATE")) {
            select.setArray(1, connection.createArrayOf("varchar", names.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.put(rows.getString(1), new Existing(rows.getString(2), FLEET_MARKER.equals(rows.getString(3))));
                }
            }
        }
        SequencedSet<String> created = new LinkedHashSet<>();
        SequencedSet<String> rotated = new LinkedHashSet<>();
        SequencedSet<String> foreign = new LinkedHashSet<>();
        for (String name : names) {
            Existing device = existing.get(name);
            if (device == null) {
                created.add(name);
            } else if (!device.fleets()) {
                foreign.add(name);
            } else if (rotate) {
                rotated.add(name);
            }
        }
        List<String> newApikeys = unused(connection, "apikey", created.size() + rotated.size(), keys::apikey);
        List<String> setupPasswords = unused(connection, "setup_password", created.size(), keys::setupPassword);
        SequencedMap<String, String> apikeys = new LinkedHashMap<>();
        int next = 0;
        List<String> createdKeys = new ArrayList<>();
        List<String> rotatedKeys = new ArrayList<>();
        for (String name : names) {
            String apikey;
            if (created.contains(name)) {
                apikey = newApikeys.get(next++);
                createdKeys.add(apikey);
            } else if (rotated.contains(name)) {
                apikey = newApikeys.get(next++);
                rotatedKeys.add(apikey);
            } else {
                apikey = existing.get(name).apikey();
            }
            apikeys.put(name, apikey);
        }
        insert(connection, List.copyOf(created), createdKeys, setupPasswords);
        rotate(connection, List.copyOf(rotated), rotatedKeys);
        return new Registration(apikeys, created, rotated, foreign,
                external && !(created.isEmpty() && rotated.isEmpty()));
    }

    /** Sets what Odoo's ORM sets on create: defaults, computed name_number, create/write uid and date (UTC). */
    private static void insert(Connection connection, List<String> names, List<String> apikeys,
            List<String> setupPasswords) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO openems_device (name, name_number, apikey, setup_password, comment, active, producttype, oem,
                    create_uid, create_date, write_uid, write_date)
                SELECT u.name, u.name_number, u.apikey, u.setup_password, ?, true, 'openems-edge', 'openems',
                    ?, now() AT TIME ZONE 'UTC', ?, now() AT TIME ZONE 'UTC'
                FROM unnest(?::varchar[], ?::int4[], ?::varchar[], ?::varchar[])
                    AS u(name, name_number, apikey, setup_password)""")) {
            insert.setString(1, FLEET_MARKER);
            insert.setInt(2, ODOO_SUPERUSER_ID);
            insert.setInt(3, ODOO_SUPERUSER_ID);
            insert.setArray(4, connection.createArrayOf("varchar", names.toArray()));
            insert.setArray(5, connection.createArrayOf("int4", names.stream().map(DeviceTable::nameNumber).toArray()));
            insert.setArray(6, connection.createArrayOf("varchar", apikeys.toArray()));
            insert.setArray(7, connection.createArrayOf("varchar", setupPasswords.toArray()));
            insert.executeUpdate();
        }
    }

    private static void rotate(Connection connection, List<String> names, List<String> apikeys) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE openems_device AS d SET apikey = u.apikey, write_uid = ?, write_date = now() AT TIME ZONE 'UTC'
                FROM unnest(?::varchar[], ?::varchar[]) AS u(name, apikey)
                WHERE d.name = u.name""")) {
            update.setInt(1, ODOO_SUPERUSER_ID);
            update.setArray(2, connection.createArrayOf("varchar", names.toArray()));
            update.setArray(3, connection.createArrayOf("varchar", apikeys.toArray()));
            update.executeUpdate();
        }
    }

    /**
     * {@code count} fresh values that no row has in {@code column} (Odoo checks the same, per key);
     * a clash, however unlikely, is replaced and checked again.
     */
    private static List<String> unused(Connection connection, String column, int count, Supplier<String> generator)
            throws SQLException {
        Set<String> candidates = new LinkedHashSet<>();
        Set<String> taken = new HashSet<>();
        while (count > 0) {
            while (candidates.size() < count) {
                String candidate = generator.get();
                if (!taken.contains(candidate)) {
                    candidates.add(candidate);
                }
            }
            Set<String> clashes = new HashSet<>();
            // A join, not "= ANY(?)": Odoo has no index on these columns, and a join is hashed instead
            // of comparing every row with every candidate (seconds for 10 000 edges in a big table).
            try (PreparedStatement select = connection.prepareStatement("SELECT d." + column + " FROM openems_device d"
                    + " JOIN unnest(?::varchar[]) AS candidate(value) ON d." + column + " = candidate.value")) {
                select.setArray(1, connection.createArrayOf("varchar", candidates.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        clashes.add(rows.getString(1));
                    }
                }
            }
            if (clashes.isEmpty()) {
                break;
            }
            candidates.removeAll(clashes);
            taken.addAll(clashes);
        }
        return new ArrayList<>(candidates);
    }

    /** Deletes the devices of the range that fleet created; all others stay untouched. */
    Unregistration unregister(EdgeRange range) throws SQLException {
        List<String> names = names(range);
        return transaction(connection -> {
            Set<String> removed = new HashSet<>();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM openems_device WHERE name = ANY(?) AND comment = ? RETURNING name")) {
                delete.setArray(1, connection.createArrayOf("varchar", names.toArray()));
                delete.setString(2, FLEET_MARKER);
                try (ResultSet rows = delete.executeQuery()) {
                    while (rows.next()) {
                        removed.add(rows.getString(1));
                    }
                }
            }
            return new Unregistration(inOrder(names, removed), inOrder(names, namesPresent(connection, names)));
        });
    }

    /** The devices' names among {@code names} that have a row. */
    private static Set<String> namesPresent(Connection connection, List<String> names) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name FROM openems_device WHERE name = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("varchar", names.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        return present;
    }

    /** The device whose apikey this is; the oldest one if several share it (Odoo does not forbid that). */
    Optional<String> nameForApikey(String apikey) throws SQLException {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM openems_device WHERE apikey = ? ORDER BY id LIMIT 1")) {
                select.setString(1, apikey);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** One UPDATE for all reports; a null time or version keeps the column's value. */
    void writeBack(Collection<DeviceReport> reports) throws SQLException {
        if (reports.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(reports.size());
        List<Boolean> connected = new ArrayList<>(reports.size());
        List<String> lastMessages = new ArrayList<>(reports.size());
        List<String> versions = new ArrayList<>(reports.size());
        for (DeviceReport report : reports) {
            names.add(report.edgeName());
            connected.add(report.connected());
            lastMessages.add(report.lastMessage() == null ? null : odooDatetime(report.lastMessage()));
            versions.add(report.openemsVersion());
        }
        transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE openems_device AS d SET openems_is_connected = u.connected,
                        lastmessage = COALESCE(u.lastmessage::timestamp, d.lastmessage),
                        openems_version = COALESCE(u.version, d.openems_version)
                    FROM unnest(?::varchar[], ?::bool[], ?::text[], ?::varchar[])
                        AS u(name, connected, lastmessage, version)
                    WHERE d.name = u.name""")) {
                update.setArray(1, connection.createArrayOf("varchar", names.toArray()));
                update.setArray(2, connection.createArrayOf("bool", connected.toArray()));
                update.setArray(3, connection.createArrayOf("text", lastMessages.toArray()));
                update.setArray(4, connection.createArrayOf("varchar", versions.toArray()));
                return update.executeUpdate();
            }
        });
    }

    /** name → openems_is_connected for the edges of the range that have a row (NULL counts as false). */
    SequencedMap<String, Boolean> connectedFlags(EdgeRange range) throws SQLException {
        List<String> names = names(range);
        Map<String, Boolean> flags = transaction(connection -> {
            Map<String, Boolean> read = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, openems_is_connected FROM openems_device WHERE name = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("varchar", names.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        read.put(rows.getString(1), rows.getBoolean(2));
                    }
                }
            }
            return read;
        });
        SequencedMap<String, Boolean> inOrder = new LinkedHashMap<>();
        for (String name : names) {
            if (flags.containsKey(name)) {
                inOrder.put(name, flags.get(name));
            }
        }
        return inOrder;
    }

    /** Odoo's Datetime: UTC without time zone, whole seconds. */
    static String odooDatetime(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString();
    }

    private static List<String> names(EdgeRange range) {
        return range.indexes().mapToObj(EdgeRange::nameOf).toList();
    }

    /** Odoo's computed name_number: int(name[4:]) for edge&lt;digits&gt;. */
    private static Integer nameNumber(String name) {
        return Integer.parseInt(name.substring("edge".length()));
    }

    private static SequencedSet<String> inOrder(List<String> names, Set<String> subset) {
        SequencedSet<String> ordered = new LinkedHashSet<>();
        for (String name : names) {
            if (subset.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    /** Statements on one connection, as one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, and once more when a repetition can cure the failure: a
     * concurrent registration inserted one of the names first, or the connection broke (the database
     * restarted; the pool then hands out a new one). The repetition is safe: a failed transaction left
     * nothing behind, and every operation here is idempotent. The first failure is the one reported.
     */
    private <T> T transaction(Work<T> work) throws SQLException {
        SQLException first = null;
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.on(connection);
                    connection.commit();
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                if (attempt == ATTEMPTS || !worthRepeating(e)) {
                    throw first;
                }
            }
        }
    }

    private static boolean worthRepeating(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals(UNIQUE_VIOLATION) || state.startsWith(CONNECTION_EXCEPTION)
                || state.startsWith(OPERATOR_INTERVENTION));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone: the server rolled the transaction back itself
        }
    }
}
