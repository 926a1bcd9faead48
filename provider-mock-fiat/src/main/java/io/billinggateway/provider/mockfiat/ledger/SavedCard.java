package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.card.TestCard;
import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A payment method saved at a subscription checkout, charged later without the payer. */
public record SavedCard(String id, String customerId, TestCard card, Instant createdAt) implements LedgerRecord {
    public SavedCard {
        requireNonNull(id, "id is null");
        requireNonNull(customerId, "customerId is null");
        requireNonNull(card, "card is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("customerId", customerId)
                .with("card", card.name())
                .with("createdAt", createdAt);
    }

    static SavedCard fromJson(JsonObject json) {
        return new SavedCard(json.string("id"), json.string("customerId"), TestCard.valueOf(json.string("card")), json.instant("createdAt"));
    }
}
