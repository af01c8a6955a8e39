package fleet.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fleet.FleetException;
import fleet.plan.EdgeRange;

/**
 * A running fleet's hold on its index range in the database, so that two fleets (shards on one
 * machine or many) never run the same edges: one database session per running fleet whose
 * {@code application_name} names its range and itself ("fleet edges 0..49 pid 1234@host"). The
 * session ends with the fleet — also when it is killed — and with it the hold, so nothing stale
 * stays behind and nothing is written into the user's tables. Checking the other fleets' sessions
 * and naming this one happen under a transaction-level advisory lock, so two fleets that start at
 * the same moment cannot both pass.
 */
public final class RangeLease implements AutoCloseable {

    static final String PREFIX = "fleet edges ";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)\\.\\.(\\d+)(.*)");
    /** PostgreSQL keeps 63 bytes of an application_name. */
    private static final int MAX_NAME = 63;

    private final Connection session;
    private final EdgeRange range;

    private RangeLease(Connection session, EdgeRange range) {
        this.session = session;
        this.range = range;
    }

    /**
     * Takes the range for this fleet.
     *
     * @throws FleetException (bad input) naming the overlapping range and its holder when another
     *                        running fleet holds part of it
     */
    static RangeLease take(Database database, EdgeRange range) {
        Connection session = null;
        try {
            session = database.session();
            session.setAutoCommit(false);
            try (Statement statement = session.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('fleet:edge-ranges'))");
            }
            Optional<String> conflict = overlapping(session, range);
            if (conflict.isPresent()) {
                session.rollback();
                throw FleetException.badInput(conflict.get());
            }
            try (PreparedStatement name = session.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, applicationName(range));
                name.execute();
            }
            session.commit();
            return new RangeLease(session, range);
        } catch (SQLException e) {
            closeQuietly(session);
            throw FleetException.failure("cannot take the edge range " + describe(range) + " in " + database.label()
                    + ": " + Database.reason(e, database.login().password()), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    public EdgeRange range() {
        return range;
    }

    /**
     * Only checks that no running fleet holds part of the range (before devices are removed).
     *
     * @throws FleetException (bad input) naming the holder
     */
    static void requireFree(Database database, EdgeRange range) {
        try (Connection session = database.session()) {
            Optional<String> conflict = overlapping(session, range);
            if (conflict.isPresent()) {
                throw FleetException.badInput(conflict.get());
            }
        } catch (SQLException e) {
            throw FleetException.failure("cannot check the edge range " + describe(range) + " in " + database.label()
                    + ": " + Database.reason(e, database.login().password()), e);
        }
    }

    private static Optional<String> overlapping(Connection session, EdgeRange range) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT application_name, backend_start"
                + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND application_name LIKE ?")) {
            query.setString(1, PREFIX + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Matcher held = NAME.matcher(rows.getString(1));
                    if (!held.matches()) {
                        continue;
                    }
                    int first = Integer.parseInt(held.group(1));
                    int last = Integer.parseInt(held.group(2));
                    if (first <= range.last() && range.first() <= last) {
                        return Optional.of("edges " + describe(range) + " overlap edge" + first + "..edge" + last
                                + ", which a running fleet holds (" + held.group(3).strip() + ", since "
                                + rows.getTimestamp(2).toInstant() + "): choose another --first-index or --edges,"
                                + " or stop that fleet");
                    }
                }
            }
        }
        return Optional.empty();
    }

    static String applicationName(EdgeRange range) {
        String name = PREFIX + range.first() + ".." + range.last() + " pid " + ProcessHandle.current().pid() + "@"
                + host();
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    private static String describe(EdgeRange range) {
        return EdgeRange.nameOf(range.first()) + ".." + EdgeRange.nameOf(range.last());
    }

    /** Ends the session, and with it the hold. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the session is gone either way
            }
        }
    }
}
