package io.billinggateway.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * A database for one test class: a fresh schema on the PostgreSQL server at {@code 127.0.0.1:5432/test}
 * (override with {@code BILLING_TEST_POSTGRES_URL}), or a fresh in-memory H2 in PostgreSQL mode. Tests that
 * need PostgreSQL fail loudly when the server is not there; they never skip.
 */
public final class TestingDatabase implements AutoCloseable {
    private static final String POSTGRES_URL = System.getenv().getOrDefault("BILLING_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("BILLING_TEST_POSTGRES_USER", "postgres");

    private final String url;
    private final String user;
    private final String schema;

    private TestingDatabase(String url, String user, String schema) {
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    public static TestingDatabase postgres() {
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required for this test and is not reachable at " + POSTGRES_URL + " as " + POSTGRES_USER
                    + " (start it, or set BILLING_TEST_POSTGRES_URL): " + e.getMessage(), e);
        }
        return new TestingDatabase(POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, POSTGRES_USER, schema);
    }

    public static TestingDatabase h2() {
        String name = "gateway_" + UUID.randomUUID().toString().replace("-", "");
        return new TestingDatabase("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1", "sa", null);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public boolean isPostgres() {
        return schema != null;
    }

    /** Opens a plain connection, for tests that count rows behind the gateway's back. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    public long count(String sql, Object... parameters) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE behind the gateway's back; returns the number of rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            return statement.executeUpdate();
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as text; null when that value is null. */
    public String text(String sql, Object... parameters) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return rows.getString(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
