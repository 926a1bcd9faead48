package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.checkout.IdempotencyKeyReusedException;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The staff actions on payments and subscriptions: cancel (now or at period end), retry a failed renewal now, correct a
 * payment's status. Each runs once per (staff member, {@code Idempotency-Key}): the same key with the same request
 * replays the stored answer, with another request it is refused. The change itself is a transition of the billing
 * domain, caused by the staff member with their reason, and commits with its audit entry and the key's answer.
 *
 * <p>Cancelling now a subscription the provider knows asks the provider's operator cancel
 * ({@link CancelSubscriptionRequest.Initiator#OPERATOR}, e.g. the contracts' {@code forceCancel}); the intent (the key's
 * row, the cancellation request that stops renewals, an audit entry) commits first. A provider that has no cancel
 * ({@link ErrorCode#UNSUPPORTED}) is cancelled in the gateway only, and the answer says so. A provider that fails leaves
 * the key without an answer; the same request asks again.
 */
@Singleton
final class StaffActions {
    private static final Logger LOG = LoggerFactory.getLogger(StaffActions.class);

    private final Database database;
    private final StaffActionStore store;
    private final Subscriptions subscriptions;
    private final Payments payments;
    private final SubscriptionRepository subscriptionReads;
    private final ProviderRouter router;
    private final AuditLog audit;
    private final Json json;
    private final Clock clock;

    StaffActions(Database database, StaffActionStore store, Subscriptions subscriptions, Payments payments, SubscriptionRepository subscriptionReads,
                 ProviderRouter router, AuditLog audit, Json json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.subscriptionReads = requireNonNull(subscriptionReads, "subscriptionReads is null");
        this.router = requireNonNull(router, "router is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The HTTP status and body of an answer, as stored for replays. */
    record Answer(HttpStatus status, StaffActionResult result) {
    }

    /** When a cancellation takes effect. */
    enum When {
        NOW, PERIOD_END
    }

    /** One request: who, with which key, on what, and its canonical text (fingerprinted with the key). */
    record Request(String actor, IdempotencyKey key, String action, UUID entityId, String canonical, String reason) {
        String fingerprint() {
            return IdempotencyKey.fingerprint(action + "\n" + entityId + "\n" + canonical + "\n" + reason);
        }

        Cause cause() {
            return Cause.staff(actor, reason);
        }
    }

    Answer cancel(Request request, When when) {
        Subscription subscription = subscription(request.entityId());
        Optional<Answer> replayed = replayed(request);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        if (when == When.PERIOD_END) {
            return once(request, () -> scheduleCancel(request));
        }
        if (subscription.providerSubscriptionRef() == null) {
            return once(request, () -> endNow(request, "not_needed"));
        }
        database.inTransaction(connection -> {
            if (store.insertIfAbsent(request.actor(), request.key(), request.action(), request.entityId(), request.fingerprint(), clock.instant())) {
                Subscription current = requireCancellable(request.entityId());
                subscriptions.requestCancel(current.id(), request.cause());
                audit.record(request.actor(), "subscription.cancel_requested", "subscription", current.id().toString(), null, intent(request));
            }
            return null;
        });
        String providerCancel;
        boolean ended;
        try {
            CancelResult result = router.resolve(subscription.network()).provider()
                    .cancelSubscription(new CancelSubscriptionRequest(subscription.providerSubscriptionRef(), CancelSubscriptionRequest.Initiator.OPERATOR));
            ended = result instanceof CancelResult.Cancelled;
            providerCancel = ended ? "cancelled" : "action_required";
        }
        catch (BillingException failure) {
            if (failure.code() != ErrorCode.UNSUPPORTED) {
                throw unanswered(request, failure);
            }
            LOG.warn("the provider of network {} has no operator cancel; subscription_id={} is cancelled in the gateway only", subscription.network(),
                    subscription.id());
            ended = true;
            providerCancel = "unsupported";
        }
        catch (RuntimeException failure) {
            throw unanswered(request, failure);
        }
        boolean end = ended;
        String provider = providerCancel;
        return database.inTransaction(connection -> {
            StaffActionStore.Row row = store.lock(request.actor(), request.key()).orElseThrow(() -> new IllegalStateException("staff action row vanished"));
            if (row.completed()) {
                return replay(row);
            }
            if (end) {
                return completed(request, endNowInTransaction(request, provider));
            }
            // The subscriber or the chain still has to act; the provider's cancellation event ends the subscription.
            Subscription current = subscriptionReads.find(request.entityId()).orElseThrow();
            return completed(request, new Answer(HttpStatus.ACCEPTED, new StaffActionResult(request.action(), current.id(), current.status().value(), null,
                    null, provider, "the provider accepted the cancellation and will confirm it; renewals are stopped meanwhile")));
        });
    }

    Answer retry(Request request) {
        subscription(request.entityId());
        return replayed(request).orElseGet(() -> once(request, () -> {
            if (!subscriptions.retryNow(request.entityId(), request.cause())) {
                Subscription current = subscriptionReads.find(request.entityId()).orElseThrow();
                throw new BillingException(ErrorCode.CONFLICT, "subscription " + current.id() + " is " + current.status().value()
                        + "; only a past_due subscription (a failed renewal waiting for its retry) can be retried now");
            }
            audit.record(request.actor(), "subscription.retry_now", "subscription", request.entityId().toString(), null, intent(request));
            return new Answer(HttpStatus.OK, new StaffActionResult(request.action(), request.entityId(), SubscriptionStatus.PAST_DUE.value(), null, null,
                    null, "the renewal is due now; the network's charge lane picks it up on its next round"));
        }));
    }

    Answer correct(Request request, LedgerStatus to) {
        return replayed(request).orElseGet(() -> once(request, () -> switch (payments.correct(request.entityId(), to, request.cause())) {
            case Payments.Correction.NotFound notFound -> throw new BillingException(ErrorCode.NOT_FOUND, "no payment " + request.entityId());
            case Payments.Correction.Unchanged unchanged -> throw new BillingException(ErrorCode.CONFLICT,
                    "payment " + request.entityId() + " is already " + to.value() + "; a correction must change the status");
            case Payments.Correction.Corrected corrected -> {
                Map<String, Object> after = intent(request);
                after.put("status", to.value());
                audit.record(request.actor(), "payment.corrected", "payment", request.entityId().toString(), null, after);
                yield new Answer(HttpStatus.CREATED, new StaffActionResult(request.action(), request.entityId(), to.value(), corrected.previous().value(), null, null,
                        "the correction is the newest entry of the payment's status history"));
            }
        }));
    }

    private Answer scheduleCancel(Request request) {
        Subscription current = requireCancellable(request.entityId());
        if (current.nextChargeAt() == null) {
            throw new BillingException(ErrorCode.CONFLICT, "subscription " + current.id() + " is " + current.status().value()
                    + " and has no period that ends; cancel it with \"when\": \"now\"");
        }
        subscriptions.cancelAtPeriodEnd(current.id(), current.nextChargeAt(), request.cause());
        Map<String, Object> after = intent(request);
        after.put("cancelAt", current.nextChargeAt().toString());
        audit.record(request.actor(), "subscription.cancel_scheduled", "subscription", current.id().toString(), null, after);
        return new Answer(HttpStatus.OK, new StaffActionResult(request.action(), current.id(), current.status().value(), null, current.nextChargeAt(), null,
                "no renewal is charged any more; the subscription ends at cancelAt"));
    }

    private Answer endNow(Request request, String providerCancel) {
        requireCancellable(request.entityId());
        return endNowInTransaction(request, providerCancel);
    }

    private Answer endNowInTransaction(Request request, String providerCancel) {
        Subscription current = subscriptionReads.find(request.entityId()).orElseThrow();
        String previous = current.status().value();
        subscriptions.end(current, SubscriptionStatus.CANCELLED, "cancelled by staff: " + request.reason(), request.cause());
        Map<String, Object> after = intent(request);
        after.put("providerCancel", providerCancel);
        audit.record(request.actor(), "subscription.cancelled", "subscription", current.id().toString(), Map.of("status", previous), after);
        String message = providerCancel.equals("unsupported") ? "the network's provider has no operator cancel: cancelled in the gateway only, renewals stopped" : null;
        return new Answer(HttpStatus.OK, new StaffActionResult(request.action(), current.id(), SubscriptionStatus.CANCELLED.value(), previous, null,
                providerCancel, message));
    }

    private Subscription requireCancellable(UUID id) {
        Subscription current = subscription(id);
        if (current.status().ended()) {
            throw new BillingException(ErrorCode.CONFLICT, "subscription " + id + " is already " + current.status().value());
        }
        return current;
    }

    private Subscription subscription(UUID id) {
        return database.inTransaction(connection -> subscriptionReads.find(id))
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no subscription " + id));
    }

    /** A stored answer for the key, or a refusal when the key was used for another request. */
    private Optional<Answer> replayed(Request request) {
        Optional<StaffActionStore.Row> stored = database.inTransaction(connection -> store.find(request.actor(), request.key()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().requestHash().equals(request.fingerprint())) {
            throw new IdempotencyKeyReusedException(request.key());
        }
        return stored.get().completed() ? Optional.of(replay(stored.get())) : Optional.empty();
    }

    /** Runs an action that changes only the database in one transaction with its key's row: a refusal leaves nothing behind. */
    private Answer once(Request request, Supplier<Answer> work) {
        return database.inTransaction(connection -> {
            store.insertIfAbsent(request.actor(), request.key(), request.action(), request.entityId(), request.fingerprint(), clock.instant());
            StaffActionStore.Row row = store.lock(request.actor(), request.key()).orElseThrow(() -> new IllegalStateException("staff action row vanished"));
            if (!row.requestHash().equals(request.fingerprint())) {
                throw new IdempotencyKeyReusedException(request.key());
            }
            if (row.completed()) {
                return replay(row);
            }
            return completed(request, work.get());
        });
    }

    private Answer completed(Request request, Answer answer) {
        store.complete(request.actor(), request.key(), answer.status().getCode(), json.write(answer.result()), clock.instant());
        return answer;
    }

    private Answer replay(StaffActionStore.Row row) {
        return new Answer(HttpStatus.valueOf(row.responseStatus()), json.read(row.responseBody(), StaffActionResult.class));
    }

    private RuntimeException unanswered(Request request, RuntimeException failure) {
        String error = failure instanceof BillingException billing ? billing.code() + ": " + billing.getMessage() : failure.toString();
        LOG.warn("operator cancel failed: subscription_id={} actor={}: {}", request.entityId(), request.actor(), error);
        database.inTransaction(connection -> {
            store.recordError(request.actor(), request.key(), "the provider failed: " + error);
            return null;
        });
        return failure;
    }

    private static Map<String, Object> intent(Request request) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("idempotencyKey", request.key().value());
        intent.put("request", request.canonical());
        intent.put("reason", request.reason());
        return intent;
    }
}
