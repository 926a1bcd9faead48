package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.plan.Plan;
import io.billinggateway.gateway.plan.PlanRegistrationRow;
import io.billinggateway.gateway.plan.PlanService;
import io.billinggateway.gateway.problem.IncompleteOperationException;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Starts payments and subscriptions, exactly once per {@code Idempotency-Key}.
 *
 * <p>A request is validated before anything is stored: one that fails validation, or that is refused before any
 * provider is asked (unknown plan, frozen plan, wrong network), leaves no trace and its key stays unused. A valid
 * request first commits its intent (the key's row with the request's fingerprint, the {@code pending} ledger entry
 * and, for a subscription, the {@code pending} subscription), then asks the provider, then records the answer with
 * the key's response. The ledger id is derived from (user, key) and is the {@code checkoutId} the provider sees, so
 * once a provider may have been asked for a key, that key only ever repeats the same request.
 *
 * <p>Within one database, the key's row is locked while the provider is asked: duplicates wait, then return the
 * stored response. A provider that refuses (a non-retryable error) fails the ledger entry and its refusal becomes the
 * key's stored response. A provider that fails retryably, or whose answer could not be recorded, leaves the row
 * without a response and with {@code last_error}; the next request with the key asks the provider again, which
 * returns the same checkout for the same {@code checkoutId}.
 */
@Singleton
public final class CheckoutService {
    static final String CHECKOUT = "checkout";
    static final String SUBSCRIBE = "subscribe";
    private static final Logger LOG = LoggerFactory.getLogger(CheckoutService.class);
    private static final int REASON_LENGTH = 1500;
    private static final Cause CHECKOUT_CAUSE = Cause.system(Cause.Kind.CHECKOUT);

    private final Database database;
    private final IdempotencyStore idempotency;
    private final StoredProblems problems;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptions;
    private final PlanService plans;
    private final ProviderRouter router;
    private final Payments payments;
    private final Subscriptions subscriptionStates;
    private final Json json;
    private final BillingMetrics metrics;
    private final Clock clock;

    CheckoutService(Database database, IdempotencyStore idempotency, StoredProblems problems, LedgerRepository ledger, SubscriptionRepository subscriptions,
                    PlanService plans, ProviderRouter router, Payments payments, Subscriptions subscriptionStates, Json json, BillingMetrics metrics,
                    Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.idempotency = requireNonNull(idempotency, "idempotency is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.router = requireNonNull(router, "router is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.subscriptionStates = requireNonNull(subscriptionStates, "subscriptionStates is null");
        this.json = requireNonNull(json, "json is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The stored or new response, and whether it was replayed. */
    record Outcome(CheckoutResponse response, boolean replayed) {
    }

    /** A validated checkout: what is stored as its intent and what the provider is asked. */
    private record PreparedCheckout(String planSlug, RoutedNetwork network, LedgerEntry entry, Optional<Subscription> subscription, CheckoutRequest request) {
        /** What differs from the entry an earlier request with the same key stored, if anything (the plan's terms changed since). */
        Optional<String> differenceFrom(LedgerEntry stored) {
            if (stored.network().equals(entry.network()) && stored.token().equals(entry.token()) && stored.amount().equals(entry.amount())
                    && Objects.equals(stored.planId(), entry.planId())) {
                return Optional.empty();
            }
            return Optional.of("this Idempotency-Key started a checkout of " + stored.amount() + " " + stored.token() + " on network '" + stored.network()
                    + "'; the plan now costs " + entry.amount() + " " + entry.token() + " on network '" + entry.network() + "'; start a new checkout with a new key");
        }

        CheckoutResponse response(PayloadView payload, Optional<Instant> expiresAt) {
            return new CheckoutResponse(entry.id(), entry.subscriptionId(), LedgerStatus.PENDING.value(), planSlug, network.name(), network.chainId().toString(),
                    network.providerId(), entry.token(), entry.amount().toString(), payload, expiresAt.orElse(null));
        }
    }

    /** What asking the provider came to, decided inside the key's transaction and acted on after it committed. */
    private sealed interface Attempt {
        record Started(Outcome outcome) implements Attempt {
        }

        /** The provider refused (or the terms changed); stored as the key's response. */
        record Refused(BillingException failure) implements Attempt {
        }

        /** The provider failed retryably or unexpectedly; the key has no response, the next request asks again. */
        record Unanswered(RuntimeException failure) implements Attempt {
        }
    }

    Outcome start(String userId, String operation, String idempotencyKey, CheckoutBody body) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        if (body == null) {
            throw new InvalidRequestException(java.util.List.of("body: is required"));
        }
        String requestHash = IdempotencyKey.fingerprint(operation + "\n" + json.write(body));
        Optional<IdempotencyStore.Record> stored = database.inTransaction(connection -> idempotency.find(userId, key));
        if (stored.isPresent()) {
            if (!stored.get().requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(key);
            }
            if (stored.get().completed()) {
                // A stored response never changes: replayed without validating again or waiting for a lock.
                return replay(stored.get());
            }
        }
        UUID ledgerId = UUID.nameUUIDFromBytes((userId + "\n" + key.value()).getBytes(StandardCharsets.UTF_8));
        PreparedCheckout checkout = prepare(userId, operation, ledgerId, body);
        database.inTransaction(connection -> {
            if (idempotency.insertIfAbsent(userId, key, operation, requestHash, ledgerId, clock.instant())) {
                payments.open(checkout.entry(), CHECKOUT_CAUSE);
                checkout.subscription().ifPresent(subscription -> subscriptionStates.open(subscription, CHECKOUT_CAUSE));
            }
            return null;
        });
        return askProvider(userId, key, requestHash, checkout);
    }

    private Outcome askProvider(String userId, IdempotencyKey key, String requestHash, PreparedCheckout checkout) {
        AtomicReference<CheckoutResult> answered = new AtomicReference<>();
        Attempt attempt;
        try {
            attempt = database.inTransaction(connection -> {
                IdempotencyStore.Record record = idempotency.lock(userId, key)
                        .orElseThrow(() -> new IllegalStateException("idempotency record vanished for key " + key));
                if (!record.requestHash().equals(requestHash)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                if (record.completed()) {
                    return new Attempt.Started(replay(record));
                }
                LedgerEntry entry = ledger.find(record.ledgerId()).orElseThrow(() -> new IllegalStateException("no ledger entry " + record.ledgerId()
                        + " for the started checkout of key " + key));
                Optional<String> changed = checkout.differenceFrom(entry);
                if (changed.isPresent()) {
                    return refuse(userId, key, entry, new BillingException(ErrorCode.CONFLICT, changed.get()));
                }
                CheckoutResult result;
                try {
                    result = checkout.network().provider().checkout(checkout.request());
                }
                catch (BillingException refusal) {
                    if (!refusal.retryable()) {
                        return refuse(userId, key, entry, refusal);
                    }
                    if (BillingMetrics.isNetworkFailure(refusal.code())) {
                        metrics.networkFailed(entry.network(), "checkout");
                    }
                    idempotency.recordError(userId, key, "the provider failed, retryable: " + refusal.code() + ": " + refusal.getMessage());
                    return new Attempt.Unanswered(refusal);
                }
                catch (RuntimeException failure) {
                    idempotency.recordError(userId, key, "the provider failed unexpectedly: " + failure);
                    return new Attempt.Unanswered(failure);
                }
                answered.set(result);
                Instant now = clock.instant();
                PayloadView payload = PayloadView.of(result.payload());
                payments.attachCheckout(entry.id(), result.providerReference(), json.write(payload));
                CheckoutResponse response = checkout.response(payload, result.expiresAt());
                idempotency.complete(userId, key, HttpStatus.CREATED.getCode(), json.write(response), now);
                LOG.info("checkout started: ledger_id={} user_id={} network={} plan={} provider_reference={}", entry.id(), userId, entry.network(),
                        checkout.planSlug(), result.providerReference());
                return new Attempt.Started(new Outcome(response, false));
            });
        }
        catch (RuntimeException failure) {
            CheckoutResult result = answered.get();
            if (result == null) {
                throw failure;
            }
            throw unrecorded(userId, key, checkout.entry().id(), result, failure);
        }
        return switch (attempt) {
            case Attempt.Started started -> started.outcome();
            case Attempt.Refused refused -> throw refused.failure();
            case Attempt.Unanswered unanswered -> throw unanswered.failure();
        };
    }

    /** The provider refused: the payment fails, and the refusal is the key's response from now on. */
    private Attempt refuse(String userId, IdempotencyKey key, LedgerEntry entry, BillingException refusal) {
        String reason = refusal.code() + ": " + refusal.getMessage();
        payments.fail(entry, reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH - 3) + "...", CHECKOUT_CAUSE);
        StoredProblems.Stored stored = problems.store(refusal);
        idempotency.complete(userId, key, stored.status(), stored.body(), clock.instant());
        LOG.info("checkout refused by the provider: ledger_id={} user_id={} network={} {}", entry.id(), userId, entry.network(), reason);
        return new Attempt.Refused(refusal);
    }

    /**
     * The provider answered but its answer could not be recorded (the transaction that would have failed). The intent
     * stays: the key's row, without a response, now says what happened; the next request with the key completes it.
     */
    private BillingException unrecorded(String userId, IdempotencyKey key, UUID ledgerId, CheckoutResult result, RuntimeException failure) {
        LOG.error("checkout started at the provider but not recorded: ledger_id={} user_id={} provider_reference={}", ledgerId, userId,
                result.providerReference(), failure);
        try {
            database.inTransaction(connection -> {
                idempotency.recordError(userId, key, "the provider answered with reference " + result.providerReference()
                        + " but recording its answer failed: " + failure);
                return null;
            });
        }
        catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
        return new IncompleteOperationException("checkout " + ledgerId + " was started at the provider but the gateway could not record it; "
                + "send the same request with the same Idempotency-Key again to complete it", failure);
    }

    private Outcome replay(IdempotencyStore.Record record) {
        if (record.responseStatus() != HttpStatus.CREATED.getCode()) {
            throw problems.replay(record.responseBody());
        }
        return new Outcome(json.read(record.responseBody(), CheckoutResponse.class), true);
    }

    /** Validates the request against the catalog and the networks; reads only, so a refusal here stores nothing. */
    private PreparedCheckout prepare(String userId, String operation, UUID ledgerId, CheckoutBody body) {
        Plan plan = resolvePlan(body.plan());
        RoutedNetwork network = resolveNetwork(body);
        Optional<URI> returnUrl = returnUrl(body.returnUrl());
        boolean subscribe = operation.equals(SUBSCRIBE);
        if (subscribe && !plan.recurring()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "plan '" + plan.slug() + "' is a one-time product; buy it with POST /v1/billing/checkout");
        }
        if (!subscribe && plan.recurring()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "plan '" + plan.slug() + "' is a subscription plan; start it with POST /v1/billing/subscribe");
        }
        if (plan.status() != PlanStatus.ACTIVE) {
            throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.slug() + "' is " + plan.status().name().toLowerCase(java.util.Locale.ROOT) + " and cannot be bought now");
        }
        PlanRegistrationRow registration = PriceChoice.choose(plan.slug(), network.name(), plans.registrations(plan.id(), network.name()), body);
        if (registration.termsVersion() != plan.termsVersion()) {
            throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.slug() + "' has new terms that are not yet registered on network '" + network.name() + "'; try again shortly");
        }

        Instant now = clock.instant();
        UUID subscriptionId = subscribe ? UUID.nameUUIDFromBytes(("subscription\n" + ledgerId).getBytes(StandardCharsets.UTF_8)) : null;
        LedgerEntry entry = LedgerEntry.builder()
                .id(ledgerId)
                .userId(userId)
                .network(network.name(), network.chainId().toString(), network.providerId())
                .product(subscribe ? LedgerEntry.PLAN_SUBSCRIPTION : LedgerEntry.PLAN_PURCHASE, plan.id().toString())
                .planId(plan.id())
                .subscriptionId(subscriptionId)
                .due(registration.asset(), registration.price())
                .pending()
                .createdAt(now)
                .build();
        Optional<Subscription> subscription = !subscribe ? Optional.empty() : Optional.of(Subscription.builder()
                .id(subscriptionId)
                .userId(userId)
                .plan(plan.id(), plan.termsVersion())
                .network(network.name(), network.chainId().toString(), network.providerId())
                .checkoutLedgerId(ledgerId)
                .price(registration.asset(), registration.price(), plan.billingPeriod().orElseThrow())
                .createdAt(now)
                .build());
        CheckoutRequest request = new CheckoutRequest(
                ledgerId.toString(),
                subscribe ? CheckoutKind.SUBSCRIPTION : CheckoutKind.ONE_TIME,
                userId,
                registration.providerPlanRef(),
                new Money(registration.price(), registration.asset()),
                Optional.ofNullable(body.payerAccount()).filter(account -> !account.isBlank()),
                returnUrl,
                Map.of("plan", plan.slug(), "ledgerId", ledgerId.toString()));
        return new PreparedCheckout(plan.slug(), network, entry, subscription, request);
    }

    /** Ends a subscription of the user through its provider; on chains the subscriber may have to sign. */
    UnsubscribeResponse unsubscribe(String userId, UUID subscriptionId) {
        if (subscriptionId == null) {
            throw new InvalidRequestException(java.util.List.of("subscriptionId: is required"));
        }
        Subscription subscription = database.inTransaction(connection -> subscriptions.find(subscriptionId))
                .filter(found -> found.userId().equals(userId))
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "you have no subscription " + subscriptionId));
        if (subscription.status().ended()) {
            return new UnsubscribeResponse(subscription.id(), subscription.status().value(), null);
        }
        if (subscription.providerSubscriptionRef() == null) {
            return database.inTransaction(connection -> {
                subscriptionStates.end(subscription, SubscriptionStatus.CANCELLED, "cancelled before activation", Cause.subscriber(userId));
                return new UnsubscribeResponse(subscription.id(), SubscriptionStatus.CANCELLED.value(), null);
            });
        }
        // Intent first: the request is recorded, and renewals stop, before the provider is asked. If the provider fails,
        // or its answer cannot be recorded, the request stays; the next unsubscribe asks again (a no-op for a provider
        // that has cancelled already) and the provider's cancellation event ends the subscription as well.
        database.inTransaction(connection -> subscriptionStates.requestCancel(subscription.id(), Cause.subscriber(userId)));
        CancelResult result = router.resolve(subscription.network()).provider()
                .cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(), CancelSubscriptionRequest.Initiator.SUBSCRIBER));
        try {
            return database.inTransaction(connection -> switch (result) {
                case CancelResult.Cancelled cancelled -> {
                    subscriptionStates.end(subscription, SubscriptionStatus.CANCELLED, null, Cause.subscriber(userId));
                    yield new UnsubscribeResponse(subscription.id(), SubscriptionStatus.CANCELLED.value(), null);
                }
                // The cancellation request recorded above waits for the subscriber's transaction.
                case CancelResult.ActionRequired action -> new UnsubscribeResponse(subscription.id(), subscription.status().value(), PayloadView.of(action.payload()));
            });
        }
        catch (RuntimeException failure) {
            LOG.error("subscription cancelled by the provider but not recorded: subscription_id={} user_id={} network={}", subscription.id(), userId,
                    subscription.network(), failure);
            throw new IncompleteOperationException("the provider ended subscription " + subscription.id() + " but the gateway could not record it; "
                    + "its cancellation request is kept, so it is not renewed; send the request again to complete it", failure);
        }
    }

    private Plan resolvePlan(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidRequestException(java.util.List.of("plan: is required (the plan's slug or id)"));
        }
        Optional<Plan> plan = plans.findBySlug(reference);
        if (plan.isEmpty()) {
            try {
                plan = plans.find(UUID.fromString(reference));
            }
            catch (IllegalArgumentException notAnId) {
                plan = Optional.empty();
            }
        }
        return plan.orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no plan '" + reference + "'; GET /v1/billing/plans lists the plans"));
    }

    private RoutedNetwork resolveNetwork(CheckoutBody body) {
        if (body.network() != null && !body.network().isBlank()) {
            return router.resolve(body.network());
        }
        if (body.chainId() != null && !body.chainId().isBlank()) {
            return body.providerId() != null && !body.providerId().isBlank()
                    ? router.resolve(body.providerId(), body.chainId())
                    : router.resolveByChain(body.chainId());
        }
        throw new InvalidRequestException(java.util.List.of("network: give network (e.g. \"fiat\") or chainId (e.g. \"eip155:56\")"));
    }

    private static Optional<URI> returnUrl(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(text);
            if (!uri.isAbsolute() || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return Optional.of(uri);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidRequestException(java.util.List.of("returnUrl: must be an absolute http(s) URL, got '" + text + "'"));
        }
    }
}
