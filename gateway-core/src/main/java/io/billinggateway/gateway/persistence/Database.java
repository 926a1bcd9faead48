package io.billinggateway.gateway.persistence;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Runs SQL in transactions. Repositories call {@link #update}/{@link #query} with the connection of the
 * surrounding transaction, which {@link #inTransaction} opens (or joins).
 */
@Singleton
public final class Database {
    private final TransactionOperations<Connection> transactions;

    public Database(TransactionOperations<Connection> transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    /** Runs the work in a transaction (joining the current one if there is one); commits unless it throws. */
    public <T> T inTransaction(Function<Connection, T> work) {
        return transactions.executeWrite(status -> work.apply(status.getConnection()));
    }

    /** The connection of the current transaction. */
    public Connection connection() {
        return transactions.getConnection();
    }

    public int update(String sql, Object... parameters) {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
        catch (SQLException e) {
            throw new DataAccessException(sql, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
        catch (SQLException e) {
            throw new DataAccessException(sql, e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " for: " + sql);
        }
        return rows.stream().findFirst();
    }

    /** Maps one row; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int index = 0; index < parameters.length; index++) {
            Object value = parameters[index];
            switch (value) {
                case null -> statement.setObject(index + 1, null);
                case Instant instant -> statement.setObject(index + 1, instant.atOffset(ZoneOffset.UTC));
                case BigInteger integer -> statement.setBigDecimal(index + 1, new BigDecimal(integer));
                case UUID uuid -> statement.setObject(index + 1, uuid);
                case Enum<?> constant -> statement.setString(index + 1, constant.name());
                default -> statement.setObject(index + 1, value);
            }
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static BigInteger integer(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }

    public static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }

    public static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

}
