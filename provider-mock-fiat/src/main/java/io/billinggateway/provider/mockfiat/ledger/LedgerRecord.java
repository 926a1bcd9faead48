package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.util.Optional;

/**
 * One object the PSP keeps, identified by its {@link #id()} within its type. Records are immutable: a change
 * is a new record with the same id, written to the journal as a whole.
 */
public sealed interface LedgerRecord
        permits Price, CheckoutSession, SavedCard, Payment, Subscription, PeriodCharge, RefundEntry, OutboxMessage {
    String id();

    /** A second unique key the PSP looks the record up by (the gateway's idempotency key), if the type has one. */
    default Optional<String> alternateKey() {
        return Optional.empty();
    }

    JsonObject toJson();
}
