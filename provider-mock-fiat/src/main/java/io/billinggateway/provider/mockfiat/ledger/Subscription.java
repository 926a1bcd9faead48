package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A subscription started by a paid subscription checkout; renewals charge {@code savedCardId} the price of
 * {@code priceId}.
 *
 * @param startedAt the start of the first period, which the checkout paid
 * @param restartedAt when a renewal more than a period late last restarted the schedule: a period that starts before
 *                    it and was not charged was missed and is never charged (the renewal policy of
 *                    {@link io.billinggateway.spi.RenewalSchedule})
 * @param latestCharge the id of the {@link PeriodCharge} of the latest period paid, the checkout's or a renewal's; empty in
 *                     books written before the PSP kept it
 */
public record Subscription(
        String id,
        String sessionId,
        String customerId,
        String priceId,
        String savedCardId,
        Instant startedAt,
        Optional<Instant> cancelledAt,
        Optional<Instant> restartedAt,
        Optional<String> latestCharge) implements LedgerRecord {
    public Subscription {
        requireNonNull(id, "id is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(customerId, "customerId is null");
        requireNonNull(priceId, "priceId is null");
        requireNonNull(savedCardId, "savedCardId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(cancelledAt, "cancelledAt is null");
        requireNonNull(restartedAt, "restartedAt is null");
        requireNonNull(latestCharge, "latestCharge is null");
    }

    public boolean active() {
        return cancelledAt.isEmpty();
    }

    public Subscription cancelledAt(Instant when) {
        return new Subscription(id, sessionId, customerId, priceId, savedCardId, startedAt, Optional.of(when), restartedAt, latestCharge);
    }

    public Subscription restartedAt(Instant when) {
        return new Subscription(id, sessionId, customerId, priceId, savedCardId, startedAt, cancelledAt, Optional.of(when), latestCharge);
    }

    /** The subscription once {@code charge} paid its latest period. */
    public Subscription paidBy(PeriodCharge charge) {
        return new Subscription(id, sessionId, customerId, priceId, savedCardId, startedAt, cancelledAt, restartedAt, Optional.of(charge.id()));
    }

    /** Where the subscription's calendar schedule is anchored: its start, or the charge that last restarted it. */
    public Instant anchor() {
        return restartedAt.orElse(startedAt);
    }

    /** Whether a period starting at {@code periodStart} was skipped by a restart of the schedule. */
    public boolean missed(Instant periodStart) {
        return restartedAt.map(periodStart::isBefore).orElse(false);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("sessionId", sessionId)
                .with("customerId", customerId)
                .with("priceId", priceId)
                .with("savedCardId", savedCardId)
                .with("startedAt", startedAt)
                .with("cancelledAt", cancelledAt)
                .with("restartedAt", restartedAt)
                .with("latestCharge", latestCharge);
    }

    static Subscription fromJson(JsonObject json) {
        return new Subscription(
                json.string("id"),
                json.string("sessionId"),
                json.string("customerId"),
                json.string("priceId"),
                json.string("savedCardId"),
                json.instant("startedAt"),
                json.optionalInstant("cancelledAt"),
                json.optionalInstant("restartedAt"),
                json.optionalString("latestCharge"));
    }
}
