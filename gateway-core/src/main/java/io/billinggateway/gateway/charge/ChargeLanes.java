package io.billinggateway.gateway.charge;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs one charge lane per network that supports recurring charges: its own thread, on its own interval, so a
 * network that hangs delays only itself. Lanes start with the gateway unless {@code billing.charge.enabled} is
 * false (the {@code billing-charge} command runs them itself) or the network sets {@code charge-enabled=false}.
 * Invalid lane settings stop startup like any other configuration problem.
 */
@Context
public final class ChargeLanes {
    private static final Logger LOG = LoggerFactory.getLogger(ChargeLanes.class);

    private final Map<String, ScheduledExecutorService> lanes = new LinkedHashMap<>();

    ChargeLanes(ProviderRouter router, ChargeWorker worker, @Value("${billing.charge.enabled:true}") boolean enabled) {
        requireNonNull(router, "router is null");
        requireNonNull(worker, "worker is null");
        Map<String, LaneSettings> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (RoutedNetwork network : router.networks()) {
            try {
                settings.put(network.name(), LaneSettings.of(network));
            }
            catch (BillingException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
        if (!enabled) {
            return;
        }
        for (RoutedNetwork network : router.networks()) {
            LaneSettings lane = settings.get(network.name());
            if (!lane.enabled() || !network.describe().supports(Capability.RECURRING_CHARGE)) {
                continue;
            }
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("charge-" + network.name()).daemon().factory());
            executor.scheduleWithFixedDelay(() -> round(worker, network.name()), lane.interval().toMillis(), lane.interval().toMillis(), TimeUnit.MILLISECONDS);
            lanes.put(network.name(), executor);
            LOG.info("charge lane of network {} runs every {} in batches of up to {}", network.name(), lane.interval(), lane.batchSize());
        }
    }

    private static void round(ChargeWorker worker, String network) {
        try {
            ChargeRun run = worker.run(network, false, Integer.MAX_VALUE);
            if (run.processed() > 0) {
                LOG.info("charge round network={} processed={} charged={} skipped={} failed={} pending={}",
                        network, run.processed(), run.charged(), run.skipped(), run.failed(), run.pending());
            }
        }
        catch (RuntimeException e) {
            LOG.error("charge round of network {} failed: {}", network, e.getMessage(), e);
        }
    }

    /** The networks with a running lane in this process. */
    public List<String> running() {
        return List.copyOf(lanes.keySet());
    }

    @PreDestroy
    void stop() {
        lanes.values().forEach(ScheduledExecutorService::shutdown);
        for (ScheduledExecutorService executor : lanes.values()) {
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            }
            catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
