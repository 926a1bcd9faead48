package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.Money;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Money captured from a card, at checkout or by a renewal.
 *
 * @param sessionId the checkout session that captured it, for a payment at checkout
 * @param subscriptionId the subscription it pays for, for a subscription's first payment or a renewal
 * @param refunded how much of {@code amount} went back to the payer so far
 */
public record Payment(
        String id,
        BigInteger amount,
        String currency,
        String cardLastFourDigits,
        Optional<String> sessionId,
        Optional<String> subscriptionId,
        Instant capturedAt,
        BigInteger refunded) implements LedgerRecord {
    public Payment {
        requireNonNull(id, "id is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(cardLastFourDigits, "cardLastFourDigits is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(capturedAt, "capturedAt is null");
        requireNonNull(refunded, "refunded is null");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a payment captures a positive amount, got " + amount);
        }
        if (refunded.signum() < 0 || refunded.compareTo(amount) > 0) {
            throw new IllegalArgumentException("refunded must be between 0 and the captured " + amount + ", got " + refunded);
        }
    }

    public Money captured() {
        return new Money(amount, currency);
    }

    /** What can still be refunded. */
    public Money refundable() {
        return new Money(amount.subtract(refunded), currency);
    }

    public Payment withRefunded(BigInteger newRefunded) {
        return new Payment(id, amount, currency, cardLastFourDigits, sessionId, subscriptionId, capturedAt, newRefunded);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("amount", amount.toString())
                .with("currency", currency)
                .with("cardLastFourDigits", cardLastFourDigits)
                .with("sessionId", sessionId)
                .with("subscriptionId", subscriptionId)
                .with("capturedAt", capturedAt)
                .with("refunded", refunded.toString());
    }

    static Payment fromJson(JsonObject json) {
        return new Payment(
                json.string("id"),
                json.integerString("amount"),
                json.string("currency"),
                json.string("cardLastFourDigits"),
                json.optionalString("sessionId"),
                json.optionalString("subscriptionId"),
                json.instant("capturedAt"),
                json.integerString("refunded"));
    }
}
