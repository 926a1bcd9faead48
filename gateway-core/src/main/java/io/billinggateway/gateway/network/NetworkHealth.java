package io.billinggateway.gateway.network;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.HealthReport;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Asks every network's provider for its health in parallel, bounded in time: a hung provider shows as
 * {@code DOWN} ("no answer within ...") instead of hanging the health page or the catalog.
 */
@Singleton
public final class NetworkHealth {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ProviderRouter router;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    NetworkHealth(ProviderRouter router) {
        this.router = requireNonNull(router, "router is null");
    }

    public Map<String, HealthReport> check() {
        return check(router.networks());
    }

    /** {@link #check()} off the caller's thread, for event-loop callers. */
    public CompletableFuture<Map<String, HealthReport>> checkAsync() {
        return CompletableFuture.supplyAsync(this::check, executor);
    }

    public Map<String, HealthReport> check(List<RoutedNetwork> networks) {
        Map<String, CompletableFuture<HealthReport>> pending = new LinkedHashMap<>();
        for (RoutedNetwork network : networks) {
            pending.put(network.name(), CompletableFuture.supplyAsync(() -> network.provider().health(), executor));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, HealthReport> reports = new LinkedHashMap<>();
        pending.forEach((name, future) -> reports.put(name, await(future, deadline)));
        return reports;
    }

    private static HealthReport await(CompletableFuture<HealthReport> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            future.cancel(true);
            return HealthReport.down("no answer within " + TIMEOUT.toSeconds() + "s");
        }
        catch (ExecutionException e) {
            return HealthReport.down(String.valueOf(e.getCause().getMessage()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthReport.down("interrupted");
        }
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
