package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;

import java.util.Arrays;
import java.util.function.Function;

/** The name each record type has in the journal, and how it is read back. */
enum RecordType {
    PRICE("price", Price.class, Price::fromJson),
    CHECKOUT_SESSION("checkout-session", CheckoutSession.class, CheckoutSession::fromJson),
    SAVED_CARD("saved-card", SavedCard.class, SavedCard::fromJson),
    PAYMENT("payment", Payment.class, Payment::fromJson),
    SUBSCRIPTION("subscription", Subscription.class, Subscription::fromJson),
    PERIOD_CHARGE("period-charge", PeriodCharge.class, PeriodCharge::fromJson),
    REFUND("refund", RefundEntry.class, RefundEntry::fromJson),
    OUTBOX_MESSAGE("outbox-message", OutboxMessage.class, OutboxMessage::fromJson);

    private final String journalName;
    private final Class<? extends LedgerRecord> recordClass;
    private final Function<JsonObject, LedgerRecord> reader;

    RecordType(String journalName, Class<? extends LedgerRecord> recordClass, Function<JsonObject, LedgerRecord> reader) {
        this.journalName = journalName;
        this.recordClass = recordClass;
        this.reader = reader;
    }

    String journalName() {
        return journalName;
    }

    LedgerRecord read(JsonObject json) {
        return reader.apply(json);
    }

    static RecordType of(Class<? extends LedgerRecord> recordClass) {
        return Arrays.stream(values())
                .filter(type -> type.recordClass == recordClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record type for " + recordClass.getName()));
    }

    static RecordType named(String journalName) {
        return Arrays.stream(values())
                .filter(type -> type.journalName.equals(journalName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown record type '" + journalName + "'"));
    }
}
