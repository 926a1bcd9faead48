package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.Money;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A hosted checkout page the payer is sent to; its id is the {@code providerReference} the gateway knows the
 * checkout by.
 *
 * @param checkoutId the gateway's id of the checkout, unique: the same checkout never opens a second session
 */
public record CheckoutSession(
        String id,
        String checkoutId,
        CheckoutKind kind,
        String customerId,
        String priceId,
        BigInteger amount,
        String currency,
        Optional<URI> returnUrl,
        Map<String, String> metadata,
        Instant createdAt,
        Instant expiresAt,
        SessionOutcome outcome) implements LedgerRecord {
    public CheckoutSession {
        requireNonNull(id, "id is null");
        requireNonNull(checkoutId, "checkoutId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(customerId, "customerId is null");
        requireNonNull(priceId, "priceId is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(returnUrl, "returnUrl is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(outcome, "outcome is null");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a session must expire after it is created");
        }
    }

    @Override
    public Optional<String> alternateKey() {
        return Optional.of(checkoutId);
    }

    public Money total() {
        return new Money(amount, currency);
    }

    public boolean open() {
        return outcome instanceof SessionOutcome.Open;
    }

    /** Whether the session is still open although its time is over; it then expires on next contact. */
    public boolean overdueAt(Instant now) {
        return open() && !now.isBefore(expiresAt);
    }

    public CheckoutSession withOutcome(SessionOutcome newOutcome) {
        return new CheckoutSession(id, checkoutId, kind, customerId, priceId, amount, currency, returnUrl, metadata, createdAt, expiresAt, newOutcome);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("checkoutId", checkoutId)
                .with("kind", kind.name())
                .with("customerId", customerId)
                .with("priceId", priceId)
                .with("amount", amount.toString())
                .with("currency", currency)
                .with("returnUrl", returnUrl.map(URI::toString))
                .with("metadata", metadata)
                .with("createdAt", createdAt)
                .with("expiresAt", expiresAt)
                .with("outcome", outcome.toJson());
    }

    static CheckoutSession fromJson(JsonObject json) {
        return new CheckoutSession(
                json.string("id"),
                json.string("checkoutId"),
                CheckoutKind.valueOf(json.string("kind")),
                json.string("customerId"),
                json.string("priceId"),
                json.integerString("amount"),
                json.string("currency"),
                json.optionalString("returnUrl").map(URI::create),
                json.stringMap("metadata"),
                json.instant("createdAt"),
                json.instant("expiresAt"),
                SessionOutcome.fromJson(json.object("outcome")));
    }
}
