package io.billinggateway.gateway.persistence;

import java.sql.SQLException;

/** A database operation failed. Carries the SQL (never parameter values, which may be personal data). */
public final class DataAccessException extends RuntimeException {
    private final String sqlState;

    public DataAccessException(String sql, SQLException cause) {
        super(cause.getMessage() + " [sql: " + sql.replaceAll("\\s+", " ").strip() + "]", cause);
        this.sqlState = cause.getSQLState();
    }

    /** The SQLSTATE the database reported (for example {@code 22001}: a value too long for its column), or null. */
    public String sqlState() {
        return sqlState;
    }

    /** Whether a unique or primary key constraint rejected the statement (SQLSTATE 23505 on PostgreSQL and H2). */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlState);
    }
}
