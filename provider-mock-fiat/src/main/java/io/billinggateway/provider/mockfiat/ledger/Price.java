package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.RenewalSchedule;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A price object: what a plan costs on the PSP, per {@code interval} when it is recurring.
 *
 * @param planId the gateway's plan id, kept so that registering the same plan version again finds this price
 * @param planVersion the version of the plan's terms; a new version is a new price
 * @param interval a fixed billing period
 * @param calendarInterval a billing period of whole months, renewed on the subscription's day of the month; empty in
 *                         books written before the PSP offered them
 */
public record Price(
        String id,
        String planId,
        long planVersion,
        String name,
        BigInteger unitAmount,
        String currency,
        Optional<Duration> interval,
        PlanStatus status,
        Instant createdAt,
        Optional<Period> calendarInterval) implements LedgerRecord {
    public Price {
        requireNonNull(id, "id is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(name, "name is null");
        requireNonNull(unitAmount, "unitAmount is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(calendarInterval, "calendarInterval is null");
        if (unitAmount.signum() < 0) {
            throw new IllegalArgumentException("unit amount must not be negative, got " + unitAmount);
        }
    }

    public static String keyOf(String planId, long planVersion) {
        return planId + "#" + planVersion;
    }

    @Override
    public Optional<String> alternateKey() {
        return Optional.of(keyOf(planId, planVersion));
    }

    public Money unitPrice() {
        return new Money(unitAmount, currency);
    }

    public boolean recurring() {
        return interval.isPresent() || calendarInterval.isPresent();
    }

    /** The first renewal of a subscription whose checkout at {@code start} paid the first period. */
    public Instant firstRenewalAt(Instant start) {
        return nextChargeAt(start, start, start);
    }

    /**
     * The next charge after the renewal of the period due at {@code dueAt}, made at {@code chargedAt}, following the
     * gateway's renewal policy ({@link RenewalSchedule}): calendar intervals on the day of {@code anchor}.
     */
    public Instant nextChargeAt(Instant anchor, Instant dueAt, Instant chargedAt) {
        if (calendarInterval.isPresent()) {
            return RenewalSchedule.nextCalendarChargeAt(anchor, calendarInterval.get(), dueAt, chargedAt);
        }
        return RenewalSchedule.nextChargeAt(dueAt, interval.orElseThrow(() -> new IllegalStateException("price " + id + " is not recurring")), chargedAt);
    }

    /** Whether a renewal made at {@code chargedAt} is more than a period late, so that it restarts the schedule from itself. */
    public boolean restartsAt(Instant anchor, Instant dueAt, Instant chargedAt) {
        if (calendarInterval.isPresent()) {
            return !RenewalSchedule.nextCalendarChargeAt(anchor, calendarInterval.get(), dueAt, dueAt).isAfter(chargedAt);
        }
        return !dueAt.plus(interval.orElseThrow()).isAfter(chargedAt);
    }

    public Price withStatus(PlanStatus newStatus) {
        return new Price(id, planId, planVersion, name, unitAmount, currency, interval, newStatus, createdAt, calendarInterval);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("planId", planId)
                .with("planVersion", planVersion)
                .with("name", name)
                .with("unitAmount", unitAmount.toString())
                .with("currency", currency)
                .with("interval", interval.map(Duration::toString))
                .with("status", status.name())
                .with("createdAt", createdAt)
                .with("calendarInterval", calendarInterval.map(Period::toString));
    }

    static Price fromJson(JsonObject json) {
        return new Price(
                json.string("id"),
                json.string("planId"),
                json.number("planVersion"),
                json.string("name"),
                json.integerString("unitAmount"),
                json.string("currency"),
                json.optionalString("interval").map(Duration::parse),
                PlanStatus.valueOf(json.string("status")),
                json.instant("createdAt"),
                json.optionalString("calendarInterval").map(Period::parse));
    }
}
