package fleet.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code openems_device} table as Odoo 16 creates it for the openems addon's model
 * {@code openems.device} (OpenEMS/odoo-openems, branch 16.0, openems/models/device.py): one column per
 * stored field with Odoo's column types (Char and Selection: varchar, Text: text, Boolean: bool,
 * Integer and Many2one: int4, Datetime: timestamp in UTC), {@code id serial} as primary key, the
 * ORM's {@code create_uid/create_date/write_uid/write_date} and {@code message_main_attachment_id}
 * (from mail.thread), NOT NULL for required fields, the model's SQL constraints named
 * {@code <table>_<name>}, the field labels as column comments.
 *
 * <p>Only the embedded database gets this table from fleet. The foreign keys Odoo adds
 * ({@code create_uid/write_uid} to res_users, {@code stock_production_lot_id} to stock_lot,
 * {@code message_main_attachment_id} to ir_attachment) are left out: those tables do not exist there.
 */
final class OdooDeviceSchema {

    static final String TABLE = "openems_device";

    /** Columns fleet reads or writes: an external table without one of them is not the addon's table. */
    static final List<String> USED_COLUMNS = List.of("id", "name", "apikey", "comment", "active", "producttype", "oem",
            "setup_password", "name_number", "openems_is_connected", "lastmessage", "openems_version", "create_uid",
            "create_date", "write_uid", "write_date");

    private static final String CREATE_CONFIG_UPDATES = """
            CREATE TABLE IF NOT EXISTS openems_openemsconfigupdate (
                id serial PRIMARY KEY,
                create_uid int4,
                create_date timestamp,
                write_uid int4,
                write_date timestamp,
                device_id int4 NOT NULL,
                teaser text,
                details text
            )""";

    private static final String CREATE = """
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
                PRIMARY KEY(id)
            )""";

    private static final List<String> CONSTRAINTS = List.of(
            "ALTER TABLE openems_device ADD CONSTRAINT openems_device_unique_name unique(name)",
            "ALTER TABLE openems_device ADD CONSTRAINT openems_device_unique_stock_production_lot_id"
                    + " unique(stock_production_lot_id)");

    private static final String[][] LABELS = {
        {"message_main_attachment_id", "Main Attachment"}, {"name", "Name"}, {"active", "Active"},
        {"comment", "Comment"}, {"internalnote", "Internal note"}, {"stock_production_lot_id", "Stock Production Lot"},
        {"manual_setup_date", "Manual Setup Date"}, {"producttype", "Product type"}, {"emshardware", "EMS Hardware"},
        {"oem", "OEM Branding"}, {"openems_config", "OpenEMS Config Full"}, {"openems_config_components", "OpenEMS Config"},
        {"openems_version", "OpenEMS Version"}, {"setup_password", "Installation Key"}, {"apikey", "API-Key"},
        {"openems_sum_state_level", "OpenEMS State"}, {"openems_is_connected", "OpenEMS Is connected"},
        {"lastmessage", "Last message"}, {"lastupdate", "Last data update"}, {"name_number", "Name Number"},
        {"create_uid", "Created by"}, {"create_date", "Created on"}, {"write_uid", "Last Updated by"},
        {"write_date", "Last Updated on"},
    };

    private OdooDeviceSchema() {
    }

    /** True when the table is visible on the connection's search path. */
    static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            return result.next() && result.getBoolean(1);
        }
    }

    /** The columns of {@link #USED_COLUMNS} the table lacks. */
    static List<String> missingColumns(Connection connection) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('"
                        + TABLE + "') AND attnum > 0 AND NOT attisdropped")) {
            while (result.next()) {
                present.add(result.getString(1));
            }
        }
        List<String> missing = new ArrayList<>(USED_COLUMNS);
        missing.removeAll(present);
        return missing;
    }

    /** Creates the table unless it exists; safe against another fleet process doing the same. */
    static void createIfMissing(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('fleet:" + TABLE + "'))");
            // Where the OpenEMS Backend's Metadata.Odoo records each EdgeConfig change (Odoo's model
            // openems.openemsconfigupdate); without it the Backend logs a warning for every change.
            statement.execute(CREATE_CONFIG_UPDATES);
            if (!exists(connection)) {
                statement.execute(CREATE);
                for (String constraint : CONSTRAINTS) {
                    statement.execute(constraint);
                }
                statement.execute("COMMENT ON TABLE openems_device IS 'OpenEMS Edge Device'");
                for (String[] label : LABELS) {
                    statement.execute("COMMENT ON COLUMN openems_device." + label[0] + " IS '" + label[1] + "'");
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
