package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A webhook the PSP owes the merchant. It is written in the same journal entry as the change it reports,
 * so an event is never lost nor sent for a change that did not happen; it stays until delivered.
 *
 * @param id the {@code webhook-id}, the same on every delivery attempt
 * @param body the exact JSON body; signed anew on every attempt with that attempt's timestamp
 */
public record OutboxMessage(String id, String type, String body, Instant createdAt, boolean delivered) implements LedgerRecord {
    public OutboxMessage {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(body, "body is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public static OutboxMessage pending(String id, String type, String body, Instant createdAt) {
        return new OutboxMessage(id, type, body, createdAt, false);
    }

    public OutboxMessage markDelivered() {
        return new OutboxMessage(id, type, body, createdAt, true);
    }

    @Override
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("id", id)
                .with("type", type)
                .with("body", body)
                .with("createdAt", createdAt)
                .with("delivered", delivered);
    }

    static OutboxMessage fromJson(JsonObject json) {
        return new OutboxMessage(json.string("id"), json.string("type"), json.string("body"), json.instant("createdAt"), json.bool("delivered"));
    }
}
