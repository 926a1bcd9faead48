package io.billinggateway.gateway.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL trigger that makes the gateway's own database step fail on purpose, for as long as it is open: every
 * update of {@code table} whose row matches {@code condition} (SQL over {@code OLD} and {@code NEW}) raises an error,
 * so its whole transaction rolls back. For tests of what the gateway records when a provider has already acted.
 */
public final class FailingTrigger implements AutoCloseable {
    public static final String MESSAGE = "injected failure of a database step of the gateway";

    private final TestingDatabase database;
    private final String table;
    private final String name;

    private FailingTrigger(TestingDatabase database, String table, String name) {
        this.database = database;
        this.table = table;
        this.name = name;
    }

    public static FailingTrigger onUpdate(TestingDatabase database, String table, String condition) {
        requireNonNull(database, "database is null");
        if (!database.isPostgres()) {
            throw new IllegalArgumentException("a failing trigger needs PostgreSQL");
        }
        String name = "failing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute(database, "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '" + MESSAGE + "'; END $$",
                "CREATE TRIGGER " + name + " BEFORE UPDATE ON " + table + " FOR EACH ROW WHEN (" + condition + ") EXECUTE FUNCTION " + name + "()");
        return new FailingTrigger(database, table, name);
    }

    @Override
    public void close() {
        execute(database, "DROP TRIGGER " + name + " ON " + table, "DROP FUNCTION " + name + "()");
    }

    private static void execute(TestingDatabase database, String... statements) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot run " + String.join("; ", statements), e);
        }
    }
}
