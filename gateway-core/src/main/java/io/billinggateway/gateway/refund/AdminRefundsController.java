package io.billinggateway.gateway.refund;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.webhook.EventApplier;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Refunds a confirmed payment through its network's provider. The refund id the provider receives is derived
 * from the payment and the {@code Idempotency-Key}, so a retried request never refunds twice; the ledger moves
 * once per provider refund, whether the answer or the provider's webhook records it first.
 */
@Controller("/v1/billing/admin/payments")
@Secured(Roles.BILLING_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminRefundsController {
    private final Database database;
    private final LedgerRepository ledger;
    private final ProviderRouter router;
    private final EventApplier events;
    private final AuditLog audit;

    AdminRefundsController(Database database, LedgerRepository ledger, ProviderRouter router, EventApplier events, AuditLog audit) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.router = requireNonNull(router, "router is null");
        this.events = requireNonNull(events, "events is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /**
     * @param amount integer minor units to refund, as a string; absent for everything not yet refunded
     * @param reason why, for the audit log and the provider
     */
    @Serdeable
    record RefundBody(@Nullable String amount, @Nullable String reason) {
    }

    /** @param status {@code succeeded}, or {@code pending} until the provider's webhook confirms */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RefundView(UUID ledgerId, String refundRef, String amount, String status, String ledgerStatus, String refundedAmount) {
    }

    @Post("/{id}/refunds")
    HttpResponse<RefundView> refund(Authentication authentication, @PathVariable UUID id, @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                    @Nullable @Body RefundBody body) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw new InvalidRequestException(List.of("Idempotency-Key: header is required: 1-255 characters, unique per refund"));
        }
        RefundBody request = body == null ? new RefundBody(null, null) : body;
        LedgerEntry entry = database.inTransaction(connection -> ledger.find(id))
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no payment " + id));
        if (entry.status() != LedgerStatus.CONFIRMED && entry.status() != LedgerStatus.REFUNDED) {
            throw new BillingException(ErrorCode.CONFLICT, "payment " + id + " is " + entry.status().value() + "; only confirmed payments can be refunded");
        }
        Optional<Money> amount = Optional.ofNullable(request.amount()).map(text -> new Money(parseAmount(text), entry.token()));
        String refundId = UUID.nameUUIDFromBytes(("refund\n" + id + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        String reason = request.reason() == null ? "" : request.reason();
        Refund refund = router.resolve(entry.network()).provider().refund(new RefundRequest(refundId, entry.txHash(), amount, reason));
        LedgerEntry after = database.inTransaction(connection -> {
            if (refund.status() == Refund.Status.SUCCEEDED) {
                events.recordRefund(entry, refund.refundRef(), refund.amount().minorUnits(), reason, authentication.getName());
            }
            audit.record(authentication.getName(), "payment.refund_requested", "payment", id.toString(), null,
                    Map.of("refundRef", refund.refundRef(), "amount", refund.amount().minorUnits().toString(), "status", refund.status().name(), "reason", reason));
            return ledger.find(id).orElseThrow();
        });
        RefundView view = new RefundView(id, refund.refundRef(), refund.amount().minorUnits().toString(), refund.status().name().toLowerCase(java.util.Locale.ROOT),
                after.status().value(), after.refundedAmount().toString());
        return HttpResponse.status(HttpStatus.CREATED).body(view);
    }

    private static BigInteger parseAmount(String text) {
        try {
            BigInteger amount = new BigInteger(text);
            if (amount.signum() > 0) {
                return amount;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException(List.of("amount: must be a positive integer of the asset's smallest unit, got '" + text + "'"));
    }
}
