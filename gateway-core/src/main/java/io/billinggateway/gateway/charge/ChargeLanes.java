package io.billinggateway.gateway.charge;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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
 * Invalid lane settings stop startup like any other configuration problem. One more thread refreshes the queue
 * gauges of every lane's network, so the depth of a network whose provider hangs still shows. The gateway creates it
 * at startup together with the providers ({@code GatewayStartup}).
 */
@Singleton
public final class ChargeLanes {
    private static final Logger LOG = LoggerFactory.getLogger(ChargeLanes.class);

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** The pause before a lane whose settings cannot be read tries again. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private final Map<String, ScheduledExecutorService> lanes = new LinkedHashMap<>();
    private final ChargeWorker worker;
    private final ProviderRouter router;
    private ScheduledExecutorService gauges;

    ChargeLanes(ProviderRouter router, ChargeWorker worker, @Value("${billing.charge.enabled:true}") boolean enabled) {
        this.router = requireNonNull(router, "router is null");
        this.worker = requireNonNull(worker, "worker is null");
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
            if (!network.describe().supports(Capability.RECURRING_CHARGE)) {
                continue;
            }
            // Every lane gets its threads, even one disabled now: charge-enabled and charge-interval may change at run time
            // (network settings), and each round reads them afresh before it runs and before it schedules the next one.
            ScheduledExecutorService executor = Executors.newScheduledThreadPool(lane.concurrency(),
                    Thread.ofPlatform().name("charge-" + network.name() + "-", 1).daemon().factory());
            long interval = lane.interval().toMillis();
            for (int round = 0; round < lane.concurrency(); round++) {
                // Staggered, so that concurrent rounds of one network do not all claim at the same instant.
                long initialDelay = interval + round * interval / lane.concurrency();
                executor.schedule(() -> roundThenReschedule(executor, router, network.name()), initialDelay, TimeUnit.MILLISECONDS);
            }
            lanes.put(network.name(), executor);
            LOG.info("charge lane of network {} runs every {} in batches of up to {}, {} round(s) at once, rate {}{}", network.name(), lane.interval(),
                    lane.batchSize(), lane.concurrency(), lane.ratePerSecond() > 0 ? lane.ratePerSecond() + "/s" : "unlimited",
                    lane.enabled() ? "" : "; disabled until its charge-enabled setting is true");
        }
        if (!lanes.isEmpty()) {
            List<String> networks = List.copyOf(lanes.keySet());
            gauges = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("charge-gauges").daemon().factory());
            gauges.scheduleWithFixedDelay(() -> refreshGauges(worker, networks), GAUGE_REFRESH.toMillis(), GAUGE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void refreshGauges(ChargeWorker worker, List<String> networks) {
        for (String network : networks) {
            try {
                worker.recordDepth(network);
            }
            catch (RuntimeException e) {
                LOG.warn("cannot refresh the charge queue gauges of network {}: {}", network, e.toString());
            }
        }
    }

    /** One round when the lane is enabled now, then the next one after the lane's current interval. */
    private void roundThenReschedule(ScheduledExecutorService executor, ProviderRouter router, String network) {
        Duration interval;
        try {
            LaneSettings lane = LaneSettings.of(router.resolve(network));
            interval = lane.interval();
            if (lane.enabled()) {
                round(worker, network);
            }
        }
        catch (RuntimeException e) {
            LOG.error("charge lane of network {} cannot read its settings: {}", network, e.getMessage());
            interval = DEFAULT_INTERVAL;
        }
        if (!executor.isShutdown()) {
            try {
                executor.schedule(() -> roundThenReschedule(executor, router, network), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The gateway is stopping.
            }
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

    /** The networks with a lane in this process that is enabled now. */
    public List<String> running() {
        return lanes.keySet().stream().filter(network -> LaneSettings.of(router.resolve(network)).enabled()).toList();
    }

    /**
     * Lets each lane finish the batch in hand (its outcomes are recorded, its claims released), waiting up to
     * 10 seconds for all lanes together; a lane still blocked in its provider then is interrupted, and its claims
     * expire with their lease.
     */
    @PreDestroy
    void stop() {
        worker.stop();
        if (gauges != null) {
            gauges.shutdownNow();
        }
        lanes.values().forEach(ScheduledExecutorService::shutdown);
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (ScheduledExecutorService executor : lanes.values()) {
            try {
                if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
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
