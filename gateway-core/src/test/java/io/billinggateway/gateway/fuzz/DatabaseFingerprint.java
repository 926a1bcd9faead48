package io.billinggateway.gateway.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * The content of every table of the test schema, as a row count and an MD5 of all rows in a stable order per
 * table. Two equal fingerprints mean no row was added, removed or changed.
 *
 * <p>No table is excluded: the fuzzed gateway runs with every schedule that writes on its own switched off
 * (charge lanes, event polling, no outbox endpoint) and with the PSP's webhooks sent to a capture instead of
 * the gateway, so between two requests nothing but the request itself can change a row.
 */
final class DatabaseFingerprint implements AutoCloseable {
    private final Connection connection;
    private final List<String> tables;

    DatabaseFingerprint(Connection connection) throws SQLException {
        this.connection = requireNonNull(connection, "connection is null");
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT table_name FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("the test schema has no tables; is the gateway migrated?");
        }
        this.tables = List.copyOf(names);
    }

    List<String> tables() {
        return tables;
    }

    /** Table name to {@code rows:md5}. */
    Map<String, String> take() {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
                try (ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM " + quoted + " t")) {
                    rows.next();
                    fingerprint.put(table, rows.getLong(1) + ":" + rows.getString(2));
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot fingerprint the test schema: " + e.getMessage(), e);
        }
        return fingerprint;
    }

    /** The tables whose content differs, each with its row counts before and after. */
    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> entry : before.entrySet()) {
            String now = after.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), now)) {
                changed.add(entry.getKey() + " (rows " + rows(entry.getValue()) + " -> " + rows(now) + ")");
            }
        }
        return changed;
    }

    private static String rows(String fingerprint) {
        return fingerprint == null ? "?" : fingerprint.substring(0, fingerprint.indexOf(':'));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
