package io.billinggateway.spi;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The renewal policy every provider and the gateway follow, so that a subscription is renewed the same way on
 * every network: <b>a renewal charges one period, once</b>. The next charge falls one period after the one that
 * was due; when that is already past (the renewal was more than a period late, for example after an outage or a
 * frozen plan), the schedule restarts from the charge: the next charge is one period after it. Missed periods are
 * never charged afterwards, so a late subscription is never charged several times in a row to catch up.
 *
 * <p>This is what the EVM {@code SubscriptionManager} does on chain. A provider that keeps a schedule reports the
 * result as {@link ChargeOutcome.Charged#nextChargeAt()}; for one that keeps none, the gateway applies this
 * policy to its own clock.
 *
 * @since 1.1
 */
public final class RenewalSchedule {
    private RenewalSchedule() {
    }

    /**
     * The next charge after a renewal.
     *
     * @param dueAt when the charged period was due (the {@link ChargeItem#periodStart()})
     * @param period the billing period
     * @param chargedAt when the money moved, by the provider's clock
     * @return {@code dueAt + period}, or {@code chargedAt + period} when {@code dueAt + period} is not after {@code chargedAt}
     */
    public static Instant nextChargeAt(Instant dueAt, Duration period, Instant chargedAt) {
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(period, "period is null");
        requireNonNull(chargedAt, "chargedAt is null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a billing period must be positive, got " + period);
        }
        Instant anchored = dueAt.plus(period);
        return anchored.isAfter(chargedAt) ? anchored : chargedAt.plus(period);
    }
}
