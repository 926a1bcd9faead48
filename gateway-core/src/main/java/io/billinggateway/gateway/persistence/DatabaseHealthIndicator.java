package io.billinggateway.gateway.persistence;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * The database's part of {@code /health}, under {@code jdbc}: whether a connection answers, and which database it
 * is. Replaces the framework's indicator, whose details show the JDBC URL, and with it any password or user that
 * the URL carries, to anonymous callers. A failure's cause goes to the log only.
 */
@Singleton
@Replaces(JdbcIndicator.class)
final class DatabaseHealthIndicator implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthIndicator.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 3;

    private final Database database;
    private final ExecutorService executor;

    DatabaseHealthIndicator(Database database, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.database = requireNonNull(database, "database is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::check, executor));
    }

    private HealthResult check() {
        try {
            String product = database.inTransaction(connection -> {
                try {
                    return connection.isValid(VALIDATION_TIMEOUT_SECONDS) ? connection.getMetaData().getDatabaseProductName() : null;
                }
                catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            if (product == null) {
                return HealthResult.builder("jdbc", HealthStatus.DOWN).details(Map.of("error", "the database did not answer within " + VALIDATION_TIMEOUT_SECONDS + " s")).build();
            }
            return HealthResult.builder("jdbc", HealthStatus.UP).details(Map.of("database", product)).build();
        }
        catch (RuntimeException e) {
            LOG.warn("database health check failed: {}", e.getMessage());
            return HealthResult.builder("jdbc", HealthStatus.DOWN).details(Map.of("error", "no connection to the database; the log has the cause")).build();
        }
    }
}
