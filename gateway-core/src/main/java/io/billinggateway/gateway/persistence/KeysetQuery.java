package io.billinggateway.gateway.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One page of a staff search over a table: optional filters, then keyset pagination on a sort column with the id as
 * tie-breaker ({@code (column, id)} beyond the last row seen). Every value is a bind parameter; table and column names
 * come from the caller's code only, never from a request.
 */
public final class KeysetQuery {
    private final StringBuilder sql;
    private final List<Object> parameters = new ArrayList<>();

    public KeysetQuery(String table) {
        this.sql = new StringBuilder("SELECT * FROM ").append(requireNonNull(table, "table is null")).append(" WHERE 1 = 1");
    }

    /** {@code column IN (values)}; no condition when {@code values} is empty. */
    public KeysetQuery in(String column, Collection<String> values) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (").append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(')');
            values.stream().sorted().forEach(parameters::add);
        }
        return this;
    }

    /** {@code condition} with one {@code ?} bound to {@code value}; no condition when {@code value} is null. */
    public KeysetQuery where(String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            parameters.add(value);
        }
        return this;
    }

    public KeysetQuery notNull(String column) {
        sql.append(" AND ").append(column).append(" IS NOT NULL");
        return this;
    }

    /**
     * At most {@code limit} rows ordered by {@code column} then id, after the row whose sort value and id are
     * {@code afterValue} and {@code afterId} (the first page when {@code afterId} is null).
     */
    public <T> List<T> page(Database database, Database.RowMapper<T> mapper, String column, boolean descending, Object afterValue, UUID afterId, int limit) {
        String direction = descending ? "DESC" : "ASC";
        String beyond = descending ? "<" : ">";
        if (afterId != null) {
            sql.append(" AND (").append(column).append(' ').append(beyond).append(" ? OR (").append(column).append(" = ? AND id ").append(beyond).append(" ?))");
            parameters.add(afterValue);
            parameters.add(afterValue);
            parameters.add(afterId);
        }
        sql.append(" ORDER BY ").append(column).append(' ').append(direction).append(", id ").append(direction).append(" LIMIT ?");
        parameters.add(limit);
        return database.query(sql.toString(), mapper, parameters.toArray());
    }
}
