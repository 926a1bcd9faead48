package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.checkout.IdempotencyKeyReusedException;
import io.billinggateway.gateway.checkout.StoredProblems;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Refunds a confirmed payment through its network's provider, once per (payment, {@code Idempotency-Key}).
 *
 * <p>A request is checked before anything is stored (amount, reason, the payment's state, what is still refundable,
 * the provider's capabilities); a refused request leaves nothing behind. An admitted request is committed first as
 * a {@code requested} row with its audit entry, then the provider is asked with a refund id derived from
 * (payment, key), then the answer, the ledger's move and a second audit entry commit together. When that last step
 * fails after the provider refunded, the row becomes {@code unknown} with the provider's refund reference and a third
 * audit entry says so; asking again with the same key completes it and never refunds twice. Concurrent duplicates
 * wait for the first on the row's lock and replay its answer.
 */
@Singleton
final class RefundService {
    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);
    private static final String AUDIT_ENTITY = "payment";

    private final Database database;
    private final LedgerRepository ledger;
    private final RefundRequestRepository requests;
    private final ProviderRouter router;
    private final Payments payments;
    private final AuditLog audit;
    private final StoredProblems problems;
    private final Json json;
    private final BillingMetrics metrics;
    private final Clock clock;

    RefundService(Database database, LedgerRepository ledger, RefundRequestRepository requests, ProviderRouter router, Payments payments, AuditLog audit,
                  StoredProblems problems, Json json, BillingMetrics metrics, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.router = requireNonNull(router, "router is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.json = requireNonNull(json, "json is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The HTTP status and body of an answer. */
    record Answer(HttpStatus status, RefundView view) {
    }

    /** What asking the provider came to, decided inside the request's transaction and acted on after it committed. */
    private sealed interface Settlement {
        record Answered(Answer answer) implements Settlement {
        }

        record Failed(RuntimeException failure) implements Settlement {
        }
    }

    Answer refund(String actor, UUID paymentId, IdempotencyKey key, RefundInput input) {
        String requestHash = input.fingerprint();
        Optional<RefundRequestRepository.Row> stored = database.inTransaction(connection -> requests.find(paymentId, key));
        if (stored.isPresent()) {
            if (!stored.get().requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(key);
            }
            if (stored.get().status().settled()) {
                return replay(stored.get());
            }
        }
        else {
            admit(paymentId, input);
            String refundId = UUID.nameUUIDFromBytes(("refund\n" + paymentId + "\n" + key.value()).getBytes(StandardCharsets.UTF_8)).toString();
            database.inTransaction(connection -> {
                if (requests.insertIfAbsent(paymentId, key, requestHash, refundId, input, actor, clock.instant())) {
                    Map<String, Object> intent = new LinkedHashMap<>();
                    intent.put("idempotencyKey", key.value());
                    intent.put("refundId", refundId);
                    intent.put("amount", input.amount().map(BigInteger::toString).orElse("everything not yet refunded"));
                    intent.put("reason", input.reason());
                    intent.put("status", RefundRequestStatus.REQUESTED.value());
                    audit.record(actor, "payment.refund_requested", AUDIT_ENTITY, paymentId.toString(), null, intent);
                }
                return null;
            });
        }
        return askProvider(actor, paymentId, key, requestHash);
    }

    /** Checks what only the payment and its network can tell; reads only, so a refusal here stores nothing. */
    private void admit(UUID paymentId, RefundInput input) {
        LedgerEntry entry = database.inTransaction(connection -> ledger.find(paymentId))
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no payment " + paymentId));
        if (entry.status() != LedgerStatus.CONFIRMED && entry.status() != LedgerStatus.REFUNDED) {
            throw new BillingException(ErrorCode.CONFLICT, "payment " + paymentId + " is " + entry.status().value() + "; only confirmed payments can be refunded");
        }
        BigInteger refundable = entry.amount().subtract(entry.refundedAmount());
        if (refundable.signum() <= 0) {
            throw new BillingException(ErrorCode.CONFLICT, "payment " + paymentId + " is already fully refunded (" + entry.amount() + " " + entry.token() + ")");
        }
        if (input.amount().isPresent() && input.amount().get().compareTo(refundable) > 0) {
            throw new InvalidRequestException(List.of("amount: must be at most the " + refundable + " " + entry.token() + " still refundable on payment "
                    + paymentId + ", got " + input.amount().get()));
        }
        RoutedNetwork network = router.resolve(entry.network());
        Set<Capability> capabilities = network.describe().capabilities();
        if (!capabilities.contains(Capability.REFUND)) {
            throw BillingException.unsupported(network.providerId(), "refund", Capability.REFUND);
        }
        if (input.amount().isPresent() && input.amount().get().compareTo(refundable) < 0 && !capabilities.contains(Capability.PARTIAL_REFUND)) {
            throw BillingException.unsupported(network.providerId(), "partial refund", Capability.PARTIAL_REFUND);
        }
    }

    private Answer askProvider(String actor, UUID paymentId, IdempotencyKey key, String requestHash) {
        AtomicReference<Refund> providerAnswer = new AtomicReference<>();
        Settlement settlement;
        try {
            settlement = database.inTransaction(connection -> {
                RefundRequestRepository.Row request = requests.lock(paymentId, key)
                        .orElseThrow(() -> new IllegalStateException("refund request " + paymentId + "/" + key + " vanished"));
                if (!request.requestHash().equals(requestHash)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                if (request.status().settled()) {
                    return new Settlement.Answered(replay(request));
                }
                LedgerEntry entry = ledger.find(paymentId).orElseThrow(() -> new IllegalStateException("no payment " + paymentId + " for its refund request"));
                Refund refund;
                try {
                    refund = router.resolve(entry.network()).provider().refund(new RefundRequest(request.refundId(), entry.txHash(),
                            request.requestedAmount().map(amount -> new Money(amount, entry.token())), request.reason()));
                }
                catch (BillingException failure) {
                    if (BillingMetrics.isNetworkFailure(failure.code())) {
                        metrics.networkFailed(entry.network(), "refund");
                    }
                    return failure.retryable() ? unknown(actor, request, failure) : refused(actor, request, failure);
                }
                catch (RuntimeException failure) {
                    return unknown(actor, request, failure);
                }
                providerAnswer.set(refund);
                return settle(actor, request, entry, refund);
            });
        }
        catch (RuntimeException failure) {
            Refund refund = providerAnswer.get();
            if (refund == null) {
                throw failure;
            }
            return unrecorded(actor, paymentId, key, refund, failure);
        }
        return switch (settlement) {
            case Settlement.Answered answered -> answered.answer();
            case Settlement.Failed failed -> throw failed.failure();
        };
    }

    /** The provider refunded (or accepted): the ledger moves, the request settles, the audit log says so, in one transaction. */
    private Settlement settle(String actor, RefundRequestRepository.Row request, LedgerEntry entry, Refund refund) {
        RefundRequestStatus status = refund.status() == Refund.Status.SUCCEEDED ? RefundRequestStatus.SUCCEEDED : RefundRequestStatus.PENDING;
        BigInteger amount = refund.amount().minorUnits();
        if (status == RefundRequestStatus.SUCCEEDED) {
            payments.refund(entry, refund.refundRef(), amount, request.reason(), request.actor(),
                    new Cause(Cause.Kind.REFUND, request.actor(), null, request.reason().isEmpty() ? null : request.reason()));
        }
        LedgerEntry after = ledger.find(entry.id()).orElseThrow();
        RefundView view = new RefundView(entry.id(), refund.refundRef(), amount.toString(), status.value(), after.status().value(),
                after.refundedAmount().toString(), null);
        requests.settle(request, status, refund.refundRef(), amount, null, HttpStatus.CREATED.getCode(), json.write(view), clock.instant());
        audit.record(actor, "payment.refund_" + status.value(), AUDIT_ENTITY, entry.id().toString(), null, outcome(request, status, refund.refundRef(), amount, null));
        LOG.info("refund {}: ledger_id={} network={} refund_ref={} amount={}", status.value(), entry.id(), entry.network(), refund.refundRef(), amount);
        return new Settlement.Answered(new Answer(HttpStatus.CREATED, view));
    }

    /** The provider refused; nothing moved. The refusal is the key's answer from now on. */
    private Settlement refused(String actor, RefundRequestRepository.Row request, BillingException refusal) {
        StoredProblems.Stored stored = problems.store(refusal);
        String error = refusal.code() + ": " + refusal.getMessage();
        requests.settle(request, RefundRequestStatus.FAILED, null, null, error, stored.status(), stored.body(), clock.instant());
        audit.record(actor, "payment.refund_failed", AUDIT_ENTITY, request.ledgerId().toString(), null, outcome(request, RefundRequestStatus.FAILED, null, null, error));
        return new Settlement.Failed(refusal);
    }

    /** The provider failed in a way that may have refunded (a timeout, an outage, a bug); the next request with the key asks again. */
    private Settlement unknown(String actor, RefundRequestRepository.Row request, RuntimeException failure) {
        String error = "the provider failed, outcome unknown: " + (failure instanceof BillingException billing ? billing.code() + ": " + billing.getMessage() : failure);
        requests.markUnknown(request.ledgerId(), request.idempotencyKey(), null, null, error, clock.instant());
        audit.record(actor, "payment.refund_unknown", AUDIT_ENTITY, request.ledgerId().toString(), null, outcome(request, RefundRequestStatus.UNKNOWN, null, null, error));
        LOG.warn("refund outcome unknown: ledger_id={} key={}: {}", request.ledgerId(), request.idempotencyKey(), error);
        return new Settlement.Failed(failure);
    }

    /**
     * The provider refunded but recording it failed, so nothing of the settling transaction committed. The request
     * becomes {@code unknown} with the provider's reference, and the audit log gets the refund, in a new transaction;
     * the answer says so (202). If even that fails, the committed {@code requested} row and its audit entry remain.
     */
    private Answer unrecorded(String actor, UUID paymentId, IdempotencyKey key, Refund refund, RuntimeException failure) {
        LOG.error("refund made by the provider but not recorded: ledger_id={} refund_ref={} amount={}", paymentId, refund.refundRef(),
                refund.amount().minorUnits(), failure);
        String error = "the provider refunded (refund " + refund.refundRef() + ", " + refund.amount().minorUnits() + ") but recording it failed: " + failure;
        try {
            LedgerEntry after = database.inTransaction(connection -> {
                requests.markUnknown(paymentId, key.value(), refund.refundRef(), refund.amount().minorUnits(), error, clock.instant());
                RefundRequestRepository.Row request = requests.find(paymentId, key).orElseThrow();
                audit.record(actor, "payment.refund_unknown", AUDIT_ENTITY, paymentId.toString(), null,
                        outcome(request, RefundRequestStatus.UNKNOWN, refund.refundRef(), refund.amount().minorUnits(), error));
                return ledger.find(paymentId).orElseThrow();
            });
            return new Answer(HttpStatus.ACCEPTED, new RefundView(paymentId, refund.refundRef(), refund.amount().minorUnits().toString(),
                    RefundRequestStatus.UNKNOWN.value(), after.status().value(), after.refundedAmount().toString(),
                    "the provider refunded, but the gateway could not record it yet; send the same request with the same Idempotency-Key to complete it "
                            + "(it will not refund again)"));
        }
        catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
            throw failure;
        }
    }

    private Answer replay(RefundRequestRepository.Row request) {
        if (request.status() == RefundRequestStatus.FAILED) {
            throw problems.replay(request.responseBody());
        }
        return new Answer(HttpStatus.valueOf(request.responseStatus()), json.read(request.responseBody(), RefundView.class));
    }

    private static Map<String, Object> outcome(RefundRequestRepository.Row request, RefundRequestStatus status, String refundRef, BigInteger amount, String error) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("idempotencyKey", request.idempotencyKey());
        outcome.put("refundId", request.refundId());
        outcome.put("status", status.value());
        if (refundRef != null) {
            outcome.put("refundRef", refundRef);
        }
        if (amount != null) {
            outcome.put("amount", amount.toString());
        }
        if (error != null) {
            outcome.put("error", error.length() <= 1000 ? error : error.substring(0, 997) + "...");
        }
        return outcome;
    }
}
