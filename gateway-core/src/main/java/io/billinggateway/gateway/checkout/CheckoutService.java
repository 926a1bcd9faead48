package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.plan.Plan;
import io.billinggateway.gateway.plan.PlanRegistrationRow;
import io.billinggateway.gateway.plan.PlanService;
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
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Starts payments and subscriptions, exactly once per {@code Idempotency-Key}.
 *
 * <p>The ledger id is derived from (user, key), so even two gateway processes racing on the same key write
 * the same ledger row, and the provider sees the same {@code checkoutId}. Within one database, the key's row
 * is locked for the duration of the first request: duplicates wait, then return the stored response.
 */
@Singleton
public final class CheckoutService {
    static final String CHECKOUT = "checkout";
    static final String SUBSCRIBE = "subscribe";
    private static final Logger LOG = LoggerFactory.getLogger(CheckoutService.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Database database;
    private final IdempotencyStore idempotency;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptions;
    private final PlanService plans;
    private final ProviderRouter router;
    private final Outbox outbox;
    private final Json json;
    private final Clock clock;

    CheckoutService(Database database, IdempotencyStore idempotency, LedgerRepository ledger, SubscriptionRepository subscriptions, PlanService plans,
                    ProviderRouter router, Outbox outbox, Json json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.idempotency = requireNonNull(idempotency, "idempotency is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.router = requireNonNull(router, "router is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The stored or new response, and whether it was replayed. */
    record Outcome(CheckoutResponse response, boolean replayed) {
    }

    Outcome start(String userId, String operation, String idempotencyKey, CheckoutBody body) {
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException(java.util.List.of("Idempotency-Key: header is required: 1-255 printable ASCII characters, unique per payment attempt"));
        }
        if (body == null) {
            throw new InvalidRequestException(java.util.List.of("body: is required"));
        }
        String requestHash = hash(operation + "\n" + json.write(body));
        UUID ledgerId = UUID.nameUUIDFromBytes((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        idempotency.createIfAbsent(userId, idempotencyKey, operation, requestHash, ledgerId, clock.instant());
        return database.inTransaction(connection -> {
            IdempotencyStore.Record record = idempotency.lock(userId, idempotencyKey)
                    .orElseThrow(() -> new IllegalStateException("idempotency record vanished for key " + idempotencyKey));
            if (!record.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            if (record.completed()) {
                return new Outcome(json.read(record.responseBody(), CheckoutResponse.class), true);
            }
            CheckoutResponse response = startPayment(userId, operation, record.ledgerId(), body);
            idempotency.complete(userId, idempotencyKey, 201, json.write(response), clock.instant());
            return new Outcome(response, false);
        });
    }

    private CheckoutResponse startPayment(String userId, String operation, UUID ledgerId, CheckoutBody body) {
        Plan plan = resolvePlan(body.plan());
        RoutedNetwork network = resolveNetwork(body);
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
        PlanRegistrationRow registration = plans.registration(plan.id(), network.name())
                .filter(PlanRegistrationRow::active)
                .orElseThrow(() -> new BillingException(ErrorCode.INVALID_REQUEST, "plan '" + plan.slug() + "' is not sold on network '" + network.name() + "'"));
        if (registration.termsVersion() != plan.termsVersion()) {
            throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.slug() + "' has new terms that are not yet registered on network '" + network.name() + "'; try again shortly");
        }

        Instant now = clock.instant();
        UUID subscriptionId = subscribe ? UUID.nameUUIDFromBytes(("subscription\n" + ledgerId).getBytes(StandardCharsets.UTF_8)) : null;
        LedgerEntry entry = new LedgerEntry(ledgerId, userId, network.name(), network.chainId().toString(), network.providerId(),
                subscribe ? LedgerEntry.PLAN_SUBSCRIPTION : LedgerEntry.PLAN_PURCHASE, plan.id().toString(), plan.id(), subscriptionId,
                registration.asset(), registration.price(), BigInteger.ZERO, LedgerStatus.PENDING, null, null, null, null, null, now, now, 1);
        ledger.insertIfAbsent(entry);
        if (subscribe) {
            subscriptions.insertIfAbsent(new Subscription(subscriptionId, userId, plan.id(), plan.termsVersion(), network.name(), network.chainId().toString(),
                    network.providerId(), null, ledgerId, registration.asset(), registration.price(), plan.billingPeriod().orElseThrow(),
                    SubscriptionStatus.PENDING, null, null, null, 0, null, null, null, now, now, 1));
        }
        CheckoutResult result = network.provider().checkout(new CheckoutRequest(
                ledgerId.toString(),
                subscribe ? CheckoutKind.SUBSCRIPTION : CheckoutKind.ONE_TIME,
                userId,
                registration.providerPlanRef(),
                new Money(registration.price(), registration.asset()),
                Optional.ofNullable(body.payerAccount()).filter(account -> !account.isBlank()),
                returnUrl(body.returnUrl()),
                Map.of("plan", plan.slug(), "ledgerId", ledgerId.toString())));
        PayloadView payload = PayloadView.of(result.payload());
        ledger.attachCheckout(ledgerId, result.providerReference(), json.write(payload), now);
        LOG.info("checkout started: ledger_id={} user_id={} network={} plan={} provider_reference={}", ledgerId, userId, network.name(), plan.slug(), result.providerReference());
        return new CheckoutResponse(ledgerId, subscriptionId, LedgerStatus.PENDING.value(), plan.slug(), network.name(), network.chainId().toString(),
                network.providerId(), registration.asset(), registration.price().toString(), payload, result.expiresAt().orElse(null));
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
                endSubscription(subscription, "cancelled before activation");
                return new UnsubscribeResponse(subscription.id(), SubscriptionStatus.CANCELLED.value(), null);
            });
        }
        CancelResult result = router.resolve(subscription.network()).provider()
                .cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(), CancelSubscriptionRequest.Initiator.SUBSCRIBER));
        return database.inTransaction(connection -> switch (result) {
            case CancelResult.Cancelled cancelled -> {
                endSubscription(subscription, null);
                yield new UnsubscribeResponse(subscription.id(), SubscriptionStatus.CANCELLED.value(), null);
            }
            case CancelResult.ActionRequired action -> {
                subscriptions.requestCancel(subscription.id(), clock.instant());
                yield new UnsubscribeResponse(subscription.id(), subscription.status().value(), PayloadView.of(action.payload()));
            }
        });
    }

    private void endSubscription(Subscription subscription, String reason) {
        if (subscriptions.end(subscription.id(), SubscriptionStatus.CANCELLED, reason, clock.instant())) {
            outbox.append(Outbox.SUBSCRIPTION_CANCELLED, subscription.id().toString(), Map.of(
                    "subscriptionId", subscription.id().toString(), "userId", subscription.userId(), "planId", subscription.planId().toString(),
                    "network", subscription.network()));
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

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
