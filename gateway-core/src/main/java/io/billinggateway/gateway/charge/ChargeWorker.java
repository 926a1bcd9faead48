package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.gateway.webhook.EventApplier;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * Charges the due subscriptions of one network: claim a batch, call the provider once, record each item's
 * outcome, repeat until nothing is due. Never charges a period twice: the provider receives
 * (subscription, period start) as its idempotency key, a claimed subscription is leased to one worker, and a
 * renewal is recorded once per transaction however often it is reported.
 */
@Singleton
public final class ChargeWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ChargeWorker.class);
    private static final int MAX_PER_RUN = 10_000;

    private final ProviderRouter router;
    private final ChargeQueue queue;
    private final SubscriptionRepository subscriptions;
    private final EventApplier events;
    private final Database database;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final String workerId;

    ChargeWorker(ProviderRouter router, ChargeQueue queue, SubscriptionRepository subscriptions, EventApplier events, Database database,
                 MeterRegistry metrics, Clock clock) {
        this.router = requireNonNull(router, "router is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.events = requireNonNull(events, "events is null");
        this.database = requireNonNull(database, "database is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String workerId() {
        return workerId;
    }

    /** One round: charges what is due on the network now (at most {@code limit}); a dry run only reports what is due. */
    public ChargeRun run(String networkName, boolean dryRun, int limit) {
        RoutedNetwork network = router.resolve(networkName);
        LaneSettings settings = LaneSettings.of(network);
        int bounded = Math.max(1, Math.min(limit, MAX_PER_RUN));
        if (dryRun) {
            List<Subscription> due = queue.due(networkName, bounded, clock.instant());
            due.forEach(subscription -> LOG.info("dry run: would charge subscription_id={} network={} period_start={} amount={} {}",
                    subscription.id(), networkName, periodOf(subscription), subscription.amount(), subscription.token()));
            return new ChargeRun(networkName, true, due.size(), 0, 0, 0, 0, List.of());
        }
        ChargeRun total = ChargeRun.empty(networkName, false);
        while (total.processed() < bounded) {
            Instant now = clock.instant();
            List<Subscription> claimed = queue.claim(networkName, workerId, Math.min(settings.batchSize(), bounded - total.processed()), now, now.plus(settings.lease()));
            if (claimed.isEmpty()) {
                break;
            }
            total = total.plus(chargeBatch(network, settings, claimed));
        }
        recordDepth(networkName);
        return total;
    }

    private ChargeRun chargeBatch(RoutedNetwork network, LaneSettings settings, List<Subscription> claimed) {
        List<ChargeItem> items = claimed.stream()
                .map(subscription -> new ChargeItem(subscription.providerSubscriptionRef(), periodOf(subscription), new Money(subscription.amount(), subscription.token())))
                .toList();
        ChargeBatchResult result;
        Timer.Sample sample = Timer.start(metrics);
        try {
            result = network.provider().chargeBatch(new ChargeBatchRequest(items));
        }
        catch (BillingException e) {
            // Nothing of the batch moved (the SPI's contract for a failed call): every item fails alike.
            LOG.warn("charge batch failed on network {}: {} {}", network.name(), e.code(), e.getMessage());
            List<ChargeOutcome> failures = claimed.stream()
                    .<ChargeOutcome>map(subscription -> new ChargeOutcome.Failed(subscription.providerSubscriptionRef(), e.code(), e.getMessage()))
                    .toList();
            result = new ChargeBatchResult(failures);
        }
        finally {
            sample.stop(Timer.builder("billing_charge_latency_seconds").description("time of one provider charge call")
                    .tag("network", network.name()).publishPercentileHistogram().register(metrics));
        }
        int charged = 0;
        int skipped = 0;
        int failed = 0;
        int pending = 0;
        List<String> errors = new ArrayList<>();
        for (int index = 0; index < claimed.size(); index++) {
            Subscription subscription = claimed.get(index);
            ChargeOutcome outcome = result.outcomes().get(index);
            Instant periodStart = periodOf(subscription);
            switch (outcome) {
                case ChargeOutcome.Charged done -> charged++;
                case ChargeOutcome.Skipped ignored -> skipped++;
                case ChargeOutcome.Pending ignored -> pending++;
                case ChargeOutcome.Failed failure -> {
                    failed++;
                    errors.add("subscription " + subscription.id() + ": " + failure.code() + ": " + failure.message());
                }
            }
            record(network, settings, subscription, periodStart, outcome);
        }
        return new ChargeRun(network.name(), false, claimed.size(), charged, skipped, failed, pending, errors);
    }

    private void record(RoutedNetwork network, LaneSettings settings, Subscription subscription, Instant periodStart, ChargeOutcome outcome) {
        String name = network.name();
        boolean exhausted = database.inTransaction(connection -> {
            Instant now = clock.instant();
            return switch (outcome) {
                case ChargeOutcome.Charged charged -> {
                    queue.recordAttempt(subscription, periodStart, "charged", null, charged.transactionRef(), charged.gasUsed().orElse(null),
                            charged.fee().minorUnits(), null, workerId, now);
                    events.recordRenewal(subscription, charged.transactionRef(), charged.amount().minorUnits(), now, periodStart.plus(subscription.billingPeriod()));
                    queue.release(subscription.id(), workerId);
                    metrics.counter("billing_charge_success_total", "network", name).increment();
                    metrics.counter("billing_transactions_total", "network", name, "kind", "renewal").increment();
                    LOG.info("charged: subscription_id={} network={} tx_hash={} period_start={}", subscription.id(), name, charged.transactionRef(), periodStart);
                    yield false;
                }
                case ChargeOutcome.Pending pendingOutcome -> {
                    queue.recordAttempt(subscription, periodStart, "pending", null, pendingOutcome.transactionRef(), null, null, null, workerId, now);
                    // Keep the claim: the period is charged again only after the lease, and the provider then reports the same transaction.
                    queue.extend(subscription.id(), workerId, now.plus(settings.lease()));
                    LOG.info("charge pending: subscription_id={} network={} tx_hash={}", subscription.id(), name, pendingOutcome.transactionRef());
                    yield false;
                }
                case ChargeOutcome.Skipped skip -> {
                    queue.recordAttempt(subscription, periodStart, "skipped", skip.reason().name(), null, null, null, skip.detail(), workerId, now);
                    metrics.counter("billing_charge_skipped_total", "network", name, "reason", skip.reason().name()).increment();
                    LOG.info("charge skipped: subscription_id={} network={} reason={} {}", subscription.id(), name, skip.reason(), skip.detail());
                    yield skipped(settings, subscription, skip, now);
                }
                case ChargeOutcome.Failed failure -> {
                    queue.recordAttempt(subscription, periodStart, "failed", failure.code().name(), null, null, null, failure.message(), workerId, now);
                    metrics.counter("billing_charge_failed_total", "network", name, "code", failure.code().name()).increment();
                    LOG.warn("charge failed: subscription_id={} network={} code={} {}", subscription.id(), name, failure.code(), failure.message());
                    yield failed(settings, subscription, failure.code(), failure.message(), now);
                }
            };
        });
        if (exhausted) {
            failFinally(network, subscription);
        }
    }

    /** Returns whether the subscription has failed finally. */
    private boolean skipped(LaneSettings settings, Subscription subscription, ChargeOutcome.Skipped skip, Instant now) {
        return switch (skip.reason()) {
            case INSUFFICIENT_BALANCE -> failed(settings, subscription, ErrorCode.INSUFFICIENT_FUNDS, "insufficient balance: " + skip.detail(), now);
            case SUBSCRIPTION_INACTIVE -> {
                events.endSubscription(subscription, SubscriptionStatus.CANCELLED, "the network reports the subscription inactive: " + skip.detail());
                yield false;
            }
            case NO_PLAN -> {
                events.endSubscription(subscription, SubscriptionStatus.FAILED, "the network has no such plan: " + skip.detail());
                yield false;
            }
            case NOT_DUE, PLAN_INACTIVE -> {
                // Not this worker's to decide: keep the claim for a lease so the network is not asked again at once.
                subscriptions.recordNote(subscription.id(), "renewal skipped: " + skip.reason() + " " + skip.detail(), now);
                queue.extend(subscription.id(), workerId, now.plus(settings.lease()));
                yield false;
            }
        };
    }

    private boolean failed(LaneSettings settings, Subscription subscription, ErrorCode code, String message, Instant now) {
        int failures = subscription.failureCount() + 1;
        if (!code.retryable() || failures > settings.maxRetries()) {
            queue.release(subscription.id(), workerId);
            subscriptions.recordNote(subscription.id(), code + ": " + message, now);
            return true;
        }
        Instant retryAt = now.plus(backoff(settings.retryBase(), failures));
        subscriptions.recordRetryableFailure(subscription.id(), code + ": " + message, retryAt, now);
        queue.release(subscription.id(), workerId);
        return false;
    }

    /** The final-failure path: the provider ends the subscription (on EVM, markFailedCharge), then the gateway does. */
    private void failFinally(RoutedNetwork network, Subscription subscription) {
        String reason = "renewal failed finally after " + (subscription.failureCount() + 1) + " attempts";
        try {
            network.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(), CancelSubscriptionRequest.Initiator.RETRIES_EXHAUSTED));
        }
        catch (BillingException e) {
            LOG.warn("ending subscription {} on network {} after its final failure failed: {}", subscription.id(), network.name(), e.getMessage());
        }
        database.inTransaction(connection -> {
            subscriptions.find(subscription.id()).ifPresent(current -> events.endSubscription(current, SubscriptionStatus.FAILED, reason));
            return null;
        });
        LOG.warn("subscription failed finally: subscription_id={} network={}", subscription.id(), network.name());
    }

    /** {@code base * 2^(failures-1)}, capped at a week, with up to 20% jitter so retries of one outage spread out. */
    static Duration backoff(Duration base, int failures) {
        long multiplier = 1L << Math.min(failures - 1, 20);
        Duration delay = base.multipliedBy(multiplier);
        Duration cap = Duration.ofDays(7);
        if (delay.compareTo(cap) > 0) {
            delay = cap;
        }
        long jitterMillis = (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        return delay.plusMillis(jitterMillis);
    }

    private static Instant periodOf(Subscription subscription) {
        return subscription.nextChargeAt();
    }

    private void recordDepth(String network) {
        ChargeQueue.Depth depth = queue.depth(network, clock.instant());
        ChargeMetrics.depth(metrics, network, depth, clock.instant());
    }
}
