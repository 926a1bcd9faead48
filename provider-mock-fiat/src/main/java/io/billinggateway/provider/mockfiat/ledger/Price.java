package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A price object: what a plan costs on the PSP, per {@code interval} when it is recurring.
 *
 * @param planId the gateway's plan id, kept so that registering the same plan version again finds this price
 * @param planVersion the version of the plan's terms; a new version is a new price
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
        Instant createdAt) implements LedgerRecord {
    public Price {
        requireNonNull(id, "id is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(name, "name is null");
        requireNonNull(unitAmount, "unitAmount is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
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
        return interval.isPresent();
    }

    public Price withStatus(PlanStatus newStatus) {
        return new Price(id, planId, planVersion, name, unitAmount, currency, interval, newStatus, createdAt);
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
                .with("createdAt", createdAt);
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
                json.instant("createdAt"));
    }
}
