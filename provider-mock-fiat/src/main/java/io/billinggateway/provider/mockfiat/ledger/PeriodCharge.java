package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The successful charge of one subscription period. Its id is {@code (subscriptionId, periodStart)}, the
 * idempotency key of a renewal: while it exists, charging the same period again moves no money.
 *
 * @param nextChargeAt the PSP's next charge of the subscription after this one, reported again when the same period
 *                     is charged again; empty in books written before the PSP kept it
 */
public record PeriodCharge(String id, String subscriptionId, Instant periodStart, String paymentId, Instant chargedAt, Optional<Instant> nextChargeAt)
        implements LedgerRecord {
    public PeriodCharge {
        requireNonNull(id, "id is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(periodStart, "periodStart is null");
        requireNonNull(paymentId, "paymentId is null");
        requireNonNull(chargedAt, "chargedAt is null");
        requireNonNull(nextChargeAt, "nextChargeAt is null");
        if (!id.equals(keyOf(subscriptionId, periodStart))) {
            throw new IllegalArgumentException("a period charge's id is its subscription and period start, got '" + id + "'");
        }
    }

    public static PeriodCharge of(String subscriptionId, Instant periodStart, String paymentId, Instant chargedAt, Instant nextChargeAt) {
        return new PeriodCharge(keyOf(subscriptionId, periodStart), subscriptionId, periodStart, paymentId, chargedAt, Optional.of(nextChargeAt));
    }

    public static String keyOf(String subscriptionId, Instant periodStart) {
        return subscriptionId + "@" + periodStart;
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("subscriptionId", subscriptionId)
                .with("periodStart", periodStart)
                .with("paymentId", paymentId)
                .with("chargedAt", chargedAt)
                .with("nextChargeAt", nextChargeAt);
    }

    static PeriodCharge fromJson(JsonObject json) {
        return new PeriodCharge(
                json.string("id"),
                json.string("subscriptionId"),
                json.instant("periodStart"),
                json.string("paymentId"),
                json.instant("chargedAt"),
                json.optionalInstant("nextChargeAt"));
    }
}
