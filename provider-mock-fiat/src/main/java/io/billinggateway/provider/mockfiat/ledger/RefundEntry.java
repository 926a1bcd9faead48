package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.Money;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Money returned from a payment.
 *
 * @param refundId the gateway's id of the refund, unique: repeating it returns this entry
 */
public record RefundEntry(String id, String refundId, String paymentId, BigInteger amount, String currency, String reason, Instant createdAt)
        implements LedgerRecord {
    public RefundEntry {
        requireNonNull(id, "id is null");
        requireNonNull(refundId, "refundId is null");
        requireNonNull(paymentId, "paymentId is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(createdAt, "createdAt is null");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a refund returns a positive amount, got " + amount);
        }
    }

    @Override
    public Optional<String> alternateKey() {
        return Optional.of(refundId);
    }

    public Money refunded() {
        return new Money(amount, currency);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("refundId", refundId)
                .with("paymentId", paymentId)
                .with("amount", amount.toString())
                .with("currency", currency)
                .with("reason", reason)
                .with("createdAt", createdAt);
    }

    static RefundEntry fromJson(JsonObject json) {
        return new RefundEntry(
                json.string("id"),
                json.string("refundId"),
                json.string("paymentId"),
                json.integerString("amount"),
                json.string("currency"),
                json.string("reason"),
                json.instant("createdAt"));
    }
}
