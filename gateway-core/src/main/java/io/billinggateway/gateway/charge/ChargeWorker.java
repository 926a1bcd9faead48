package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Charges the due subscriptions of one network: claim a batch, call the provider once, record each item's
 * outcome, repeat until nothing is due. Never charges a period twice: the provider receives
 * (subscription, period start) as its idempotency key, a claimed subscription is leased to one batch of one
 * worker, and a renewal is recorded once per transaction however often it is reported.
 *
 * <p>Outcomes: {@code Charged} records the renewal and sets {@code next_charge_at} to the provider's next charge
 * time, or, for a provider that reports none, to the renewal policy's ({@link io.billinggateway.spi.RenewalSchedule}: one period on, or
 * one period after now when the renewal was more than a period late).
 * {@code Failed} with a retryable code makes the subscription {@code past_due} with {@code retry_at} backing off
 * exponentially with jitter; a non-retryable code, or a failure beyond {@code charge-max-retries}, ends it
 * {@code failed} (with a {@code billing.subscription.failed.v1} event) and then calls the provider's final-failure
 * path, {@code cancelSubscription(RETRIES_EXHAUSTED)}. A failure of the whole provider call (the network is down,
 * a timeout) charges nobody's retry budget: the batch keeps its claim until the lease expires and the round ends.
 */
@Singleton
public final class ChargeWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ChargeWorker.class);
    private static final int MAX_PER_RUN = 10_000;
    private static final int NOTE_LENGTH = 2000;
    private static final Cause CHARGE = Cause.system(Cause.Kind.CHARGE);

    private final ProviderRouter router;
    private final ChargeQueue queue;
    private final Subscriptions subscriptions;
    private final Database database;
    private final ChargeMetrics metrics;
    private final Clock clock;
    private final String workerId;
    private final AtomicLong claims = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, LimiterForRate> limiters = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;

    ChargeWorker(ProviderRouter router, ChargeQueue queue, Subscriptions subscriptions, Database database,
                 ChargeMetrics metrics, Clock clock) {
        this.router = requireNonNull(router, "router is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.database = requireNonNull(database, "database is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process's worker, {@code pid@host/random}; the prefix of its claim tokens and the {@code worker_id} of its attempts. */
    public String workerId() {
        return workerId;
    }

    /** Makes running rounds end after their current batch and new rounds end at once (shutdown). */
    public void stop() {
        stopping = true;
    }

    /**
     * Waits, before claiming a batch, until the network's {@code charge-rate} allows {@code units} more; returns
     * false when interrupted (the round ends, nothing claimed).
     */
    private boolean throttle(String network, LaneSettings settings, int units) {
        if (settings.ratePerSecond() <= 0) {
            return true;
        }
        RateLimiter limiter = limiters.compute(network, (name, existing) -> existing != null && existing.rate() == settings.ratePerSecond()
                ? existing : new LimiterForRate(settings.ratePerSecond(), new RateLimiter(settings.ratePerSecond(), System::nanoTime))).limiter();
        long waitNanos = limiter.reserve(units);
        if (waitNanos > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private record LimiterForRate(double rate, RateLimiter limiter) {
    }

    /**
     * One round: charges what is due on the network now (at most {@code limit}, batch after batch); a dry run
     * only reports what is due. Blocks while the provider does; returns early when {@link #stop()} is called or
     * the thread is interrupted, and after a failed provider call.
     *
     * @throws io.billinggateway.router.NetworkNotFoundException when no enabled network has that name
     */
    public ChargeRun run(String networkName, boolean dryRun, int limit) {
        RoutedNetwork network = router.resolve(networkName);
        LaneSettings settings = LaneSettings.of(network);
        int bounded = Math.max(1, Math.min(limit, MAX_PER_RUN));
        if (dryRun) {
            List<Subscription> due = queue.due(networkName, bounded, clock.instant(), settings.cancelRequestExpiry());
            due.forEach(subscription -> LOG.info("dry run: would charge subscription_id={} network={} period_start={} amount={} {}",
                    subscription.id(), networkName, periodOf(subscription), subscription.amount(), subscription.token()));
            recordDepth(networkName);
            return new ChargeRun(networkName, true, due.size(), 0, 0, 0, 0, List.of());
        }
        settleFinalFailures(network, settings);
        endScheduledCancellations(network, settings);
        ChargeRun total = ChargeRun.empty(networkName, false);
        Set<UUID> seen = new HashSet<>();
        boolean more = true;
        while (more && total.processed() < bounded && !stopped()) {
            if (!throttle(networkName, settings, Math.min(settings.batchSize(), bounded - total.processed()))) {
                break;
            }
            Instant now = clock.instant();
            String claimToken = nextClaimToken();
            List<Subscription> claimed = queue.claim(networkName, claimToken, Math.min(settings.batchSize(), bounded - total.processed()), now,
                    settings.lease(), settings.cancelRequestExpiry());
            if (claimed.isEmpty()) {
                break;
            }
            List<Subscription> fresh = new ArrayList<>();
            List<Subscription> again = new ArrayList<>();
            claimed.forEach(subscription -> (seen.add(subscription.id()) ? fresh : again).add(subscription));
            if (!again.isEmpty()) {
                // Claimed twice in one round: its lease ran out before its outcome was recorded, so the lease is shorter
                // than a provider call. Each round hands a subscription to the provider once; the next round takes it.
                LOG.warn("network {}: {} subscriptions came due again within one round; charge-lease {} is shorter than a charge call",
                        networkName, again.size(), settings.lease());
                database.inTransaction(connection -> {
                    again.forEach(subscription -> queue.release(subscription.id(), claimToken));
                    return null;
                });
                more = false;
                if (fresh.isEmpty()) {
                    break;
                }
            }
            Batch batch = chargeBatch(network, settings, claimToken, fresh);
            total = total.plus(batch.run());
            if (batch.callFailed()) {
                break;
            }
        }
        recordDepth(networkName);
        return total;
    }

    /** Updates the queue gauges of a network; cheap, never touches the provider. */
    public void recordDepth(String network) {
        Instant now = clock.instant();
        metrics.depth(network, queue.depth(network, now, LaneSettings.of(router.resolve(network)).cancelRequestExpiry()), now);
    }

    private boolean stopped() {
        return stopping || Thread.currentThread().isInterrupted();
    }

    private String nextClaimToken() {
        return workerId + "#" + claims.incrementAndGet();
    }

    private record Batch(ChargeRun run, boolean callFailed) {
    }

    private Batch chargeBatch(RoutedNetwork network, LaneSettings settings, String claimToken, List<Subscription> claimed) {
        List<ChargeItem> items = claimed.stream()
                .map(subscription -> new ChargeItem(subscription.providerSubscriptionRef(), periodOf(subscription), new Money(subscription.amount(), subscription.token())))
                .toList();
        Map<String, ChargeOutcome> outcomes = new HashMap<>();
        Timer.Sample sample = metrics.startCall();
        long started = System.nanoTime();
        try {
            network.provider().chargeBatch(new ChargeBatchRequest(items)).outcomes()
                    .forEach(outcome -> outcomes.putIfAbsent(outcome.subscriptionRef(), outcome));
        }
        catch (BillingException e) {
            return new Batch(callFailed(network, settings, claimToken, claimed, e.code(), e.getMessage()), true);
        }
        catch (RuntimeException e) {
            return new Batch(callFailed(network, settings, claimToken, claimed, ErrorCode.INTERNAL, String.valueOf(e)), true);
        }
        finally {
            metrics.callEnded(sample, network.name());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (took.compareTo(settings.lease()) >= 0) {
                LOG.warn("a charge call on network {} took {}, longer than charge-lease {}: other workers may have charged the same periods again "
                        + "(the provider's idempotency keeps it to one payment); raise charge-lease", network.name(), took, settings.lease());
            }
        }
        List<Subscription> answered = new ArrayList<>();
        List<Subscription> unanswered = new ArrayList<>();
        for (Subscription subscription : claimed) {
            (outcomes.containsKey(subscription.providerSubscriptionRef()) ? answered : unanswered).add(subscription);
        }
        ChargeRun run = record(network, settings, claimToken, answered, outcomes);
        if (!unanswered.isEmpty()) {
            // Against the SPI's contract; whether money moved is unknown, so the period is asked again after the lease.
            run = run.plus(callFailed(network, settings, claimToken, unanswered, ErrorCode.INTERNAL,
                    "provider '" + network.providerId() + "' reported no outcome for this subscription"));
        }
        return new Batch(run, false);
    }

    /** What recording one outcome did, counted only once its transaction committed. */
    private record Recorded(Subscription subscription, ChargeOutcome outcome, boolean endedFinally) {
    }

    private ChargeRun record(RoutedNetwork network, LaneSettings settings, String claimToken, List<Subscription> answered, Map<String, ChargeOutcome> outcomes) {
        List<Recorded> recorded = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            // One transaction for the whole batch; if it fails, each item on its own so one bad row cannot hold back the others.
            recorded.addAll(database.inTransaction(connection -> answered.stream()
                    .map(subscription -> recordOne(network, settings, claimToken, subscription, outcomes.get(subscription.providerSubscriptionRef())))
                    .toList()));
        }
        catch (RuntimeException batchFailure) {
            LOG.warn("recording the outcomes of a batch on network {} failed, recording them one by one: {}", network.name(), batchFailure.toString());
            for (Subscription subscription : answered) {
                ChargeOutcome outcome = outcomes.get(subscription.providerSubscriptionRef());
                try {
                    recorded.add(database.inTransaction(connection -> recordOne(network, settings, claimToken, subscription, outcome)));
                }
                catch (RuntimeException e) {
                    // Its claim stays until the lease expires; then the period is charged again and the provider reports the same outcome.
                    LOG.error("cannot record the charge outcome of subscription_id={} network={}: {}", subscription.id(), network.name(), outcome, e);
                    errors.add("subscription " + subscription.id() + ": outcome not recorded: " + e.getMessage());
                }
            }
        }
        int charged = 0;
        int skipped = 0;
        int failed = 0;
        int pending = 0;
        for (Recorded item : recorded) {
            switch (item.outcome()) {
                case ChargeOutcome.Charged ignored -> {
                    charged++;
                    metrics.charged(network.name());
                }
                case ChargeOutcome.Skipped skip -> {
                    skipped++;
                    metrics.skipped(network.name(), skip.reason());
                }
                case ChargeOutcome.Pending ignored -> pending++;
                case ChargeOutcome.Failed failure -> {
                    failed++;
                    metrics.failed(network.name(), failure.code());
                    errors.add("subscription " + item.subscription().id() + ": " + failure.code() + ": " + failure.message());
                }
            }
        }
        for (Recorded item : recorded) {
            if (item.endedFinally()) {
                failFinally(network, claimToken, item.subscription());
            }
        }
        return new ChargeRun(network.name(), false, answered.size(), charged, skipped, failed, pending, errors);
    }

    /** Records one outcome in the caller's transaction; state moves only if nobody else claimed or changed the subscription meanwhile. */
    private Recorded recordOne(RoutedNetwork network, LaneSettings settings, String claimToken, Subscription subscription, ChargeOutcome outcome) {
        String name = network.name();
        Instant now = clock.instant();
        Instant periodStart = periodOf(subscription);
        boolean held = queue.lockUnchanged(subscription, claimToken);
        boolean endedFinally = false;
        switch (outcome) {
            case ChargeOutcome.Charged charged -> {
                queue.recordAttempt(subscription, periodStart, "charged", null, charged.transactionRef(), charged.gasUsed().orElse(null),
                        charged.fee().minorUnits(), null, workerId, now);
                // Money moved: recorded even when the claim was lost; the renewal's ledger id is derived from the transaction.
                // The provider's schedule wins (a chain restarts a late renewal from its block time); the policy only for a provider that keeps none.
                Instant nextChargeAt = charged.nextChargeAt().orElseGet(() -> subscription.billingPeriod().nextChargeAt(periodStart, now));
                subscriptions.renew(subscription, charged.transactionRef(), charged.amount().minorUnits(), now, nextChargeAt, CHARGE);
                queue.release(subscription.id(), claimToken);
                LOG.info("charged: subscription_id={} network={} tx_hash={} period_start={}", subscription.id(), name, charged.transactionRef(), periodStart);
            }
            case ChargeOutcome.Pending pendingOutcome -> {
                queue.recordAttempt(subscription, periodStart, "pending", null, pendingOutcome.transactionRef(), null, null, null, workerId, now);
                // Keep the claim: the period is charged again only after the lease, and the provider then reports the same transaction.
                if (held) {
                    queue.extend(subscription.id(), claimToken, settings.lease());
                }
                LOG.info("charge pending: subscription_id={} network={} tx_hash={}", subscription.id(), name, pendingOutcome.transactionRef());
            }
            case ChargeOutcome.Skipped skip -> {
                queue.recordAttempt(subscription, periodStart, "skipped", skip.reason().name(), null, null, null, skip.detail(), workerId, now);
                LOG.info("charge skipped: subscription_id={} network={} reason={} {}", subscription.id(), name, skip.reason(), skip.detail());
                endedFinally = held && skipped(settings, claimToken, subscription, skip, now);
            }
            case ChargeOutcome.Failed failure -> {
                queue.recordAttempt(subscription, periodStart, "failed", failure.code().name(), null, null, null, failure.message(), workerId, now);
                LOG.warn("charge failed: subscription_id={} network={} code={} {}", subscription.id(), name, failure.code(), failure.message());
                endedFinally = held && failed(settings, claimToken, subscription, failure.code(), failure.message(), now);
            }
        }
        if (!held && !(outcome instanceof ChargeOutcome.Charged)) {
            queue.release(subscription.id(), claimToken);
            LOG.warn("subscription_id={} network={} was claimed or changed by someone else since this batch claimed it; its {} outcome is kept as an attempt only",
                    subscription.id(), name, outcome.getClass().getSimpleName());
        }
        return new Recorded(subscription, outcome, endedFinally);
    }

    /** Maps a skip reason; returns whether the subscription has failed finally. */
    private boolean skipped(LaneSettings settings, String claimToken, Subscription subscription, ChargeOutcome.Skipped skip, Instant now) {
        return switch (skip.reason()) {
            case INSUFFICIENT_BALANCE -> failed(settings, claimToken, subscription, ErrorCode.INSUFFICIENT_FUNDS, "insufficient balance: " + skip.detail(), now);
            case SUBSCRIPTION_INACTIVE -> {
                subscriptions.end(subscription, SubscriptionStatus.CANCELLED, note("the network reports the subscription inactive: " + skip.detail()), CHARGE);
                queue.release(subscription.id(), claimToken);
                yield false;
            }
            case NO_PLAN -> {
                subscriptions.end(subscription, SubscriptionStatus.FAILED, note("the network has no such plan: " + skip.detail()), CHARGE);
                queue.release(subscription.id(), claimToken);
                yield false;
            }
            case NOT_DUE, PLAN_INACTIVE -> {
                // Not this worker's to decide: keep the claim for a lease so the network is not asked again at once.
                subscriptions.note(subscription.id(), note("renewal skipped: " + skip.reason() + " " + skip.detail()));
                queue.extend(subscription.id(), claimToken, settings.lease());
                yield false;
            }
        };
    }

    /**
     * A failed renewal: retried at {@code retry_at} while the code is retryable and the budget lasts; otherwise the
     * subscription ends {@code failed} now and keeps its claim, which marks the provider's final-failure call as owed.
     * Returns whether it ended.
     */
    private boolean failed(LaneSettings settings, String claimToken, Subscription subscription, ErrorCode code, String message, Instant now) {
        int failures = subscription.failureCount() + 1;
        if (!code.retryable() || failures > settings.maxRetries()) {
            String reason = "renewal failed finally after " + failures + (failures == 1 ? " attempt: " : " attempts: ") + code + ": " + message;
            subscriptions.end(subscription, SubscriptionStatus.FAILED, note(reason), CHARGE);
            queue.extend(subscription.id(), claimToken, settings.lease());
            return true;
        }
        Instant retryAt = now.plus(backoff(settings.retryBase(), failures));
        subscriptions.pastDue(subscription.id(), note(code + ": " + message), retryAt, CHARGE);
        queue.release(subscription.id(), claimToken);
        return false;
    }

    /**
     * The provider's final-failure path ({@code markFailedCharge} on EVM, a cancellation at a PSP) for a subscription
     * the gateway has already ended. Its claim is released only when the provider accepted; otherwise the call is
     * repeated by a later round once the lease has expired.
     */
    private void failFinally(RoutedNetwork network, String claimToken, Subscription subscription) {
        try {
            network.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(), CancelSubscriptionRequest.Initiator.RETRIES_EXHAUSTED));
        }
        catch (RuntimeException e) {
            LOG.warn("final-failure call for subscription_id={} on network {} failed, repeated after the lease: {}", subscription.id(), network.name(), e.getMessage());
            return;
        }
        database.inTransaction(connection -> {
            queue.release(subscription.id(), claimToken);
            return null;
        });
        LOG.warn("subscription failed finally: subscription_id={} network={}", subscription.id(), network.name());
    }

    private void settleFinalFailures(RoutedNetwork network, LaneSettings settings) {
        Instant now = clock.instant();
        String claimToken = nextClaimToken();
        for (Subscription owed : queue.claimFinalFailuresOwed(network.name(), claimToken, settings.batchSize(), settings.lease())) {
            failFinally(network, claimToken, owed);
        }
    }

    /**
     * Ends the subscriptions whose cancellation staff scheduled at period end, once that time has come: the provider's
     * operator cancel first (a provider without one is ended in the gateway only), then the subscription, caused by the
     * schedule. A provider that fails is asked again on the next round; nothing was claimed, since such a subscription
     * is never due.
     */
    private void endScheduledCancellations(RoutedNetwork network, LaneSettings settings) {
        List<Subscription> due = database.inTransaction(connection -> subscriptions.cancellationsDue(network.name(), settings.batchSize()));
        for (Subscription subscription : due) {
            if (subscription.providerSubscriptionRef() != null) {
                try {
                    network.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(),
                            CancelSubscriptionRequest.Initiator.OPERATOR));
                }
                catch (BillingException e) {
                    if (e.code() != ErrorCode.UNSUPPORTED) {
                        LOG.warn("scheduled cancellation of subscription_id={} on network {} failed, asked again next round: {}", subscription.id(),
                                network.name(), e.getMessage());
                        continue;
                    }
                }
                catch (RuntimeException e) {
                    LOG.warn("scheduled cancellation of subscription_id={} on network {} failed, asked again next round: {}", subscription.id(),
                            network.name(), e.getMessage());
                    continue;
                }
            }
            database.inTransaction(connection -> subscriptions.end(subscription, SubscriptionStatus.CANCELLED, "cancelled at period end as scheduled by staff",
                    CHARGE));
            LOG.info("subscription cancelled at period end: subscription_id={} network={}", subscription.id(), network.name());
        }
    }

    /**
     * The whole provider call failed: nothing of the batch moved (the SPI's contract), or, after a timeout, nobody
     * knows. No retry budget is spent; every item keeps its claim until the lease expires, then the same periods
     * are charged again.
     */
    private ChargeRun callFailed(RoutedNetwork network, LaneSettings settings, String claimToken, List<Subscription> claimed, ErrorCode code, String message) {
        LOG.warn("charge call on network {} failed for {} subscriptions, retried after the lease of {}: {} {}",
                network.name(), claimed.size(), settings.lease(), code, message);
        database.inTransaction(connection -> {
            Instant now = clock.instant();
            for (Subscription subscription : claimed) {
                queue.recordAttempt(subscription, periodOf(subscription), "failed", code.name(), null, null, null, "the charge call failed: " + message, workerId, now);
                if (queue.lockUnchanged(subscription, claimToken)) {
                    subscriptions.note(subscription.id(), note("charge call failed: " + code + ": " + message));
                    queue.extend(subscription.id(), claimToken, settings.lease());
                }
            }
            return null;
        });
        List<String> errors = new ArrayList<>();
        for (Subscription subscription : claimed) {
            metrics.failed(network.name(), code);
            errors.add("subscription " + subscription.id() + ": " + code + ": " + message);
        }
        return new ChargeRun(network.name(), false, claimed.size(), 0, 0, claimed.size(), 0, errors);
    }

    /** {@code base * 2^(failures-1)}, capped at a week, plus up to 20% jitter so the retries of one outage spread out. */
    static Duration backoff(Duration base, int failures) {
        long multiplier = 1L << Math.min(Math.max(failures, 1) - 1, 20);
        Duration cap = Duration.ofDays(7);
        Duration delay = base.compareTo(cap.dividedBy(multiplier)) > 0 ? cap : base.multipliedBy(multiplier);
        long jitterMillis = (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        return delay.plusMillis(jitterMillis);
    }

    private static Instant periodOf(Subscription subscription) {
        return subscription.nextChargeAt();
    }

    private static String note(String text) {
        return text.length() <= NOTE_LENGTH ? text : text.substring(0, NOTE_LENGTH - 3) + "...";
    }
}
