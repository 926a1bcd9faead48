package io.billinggateway.gateway.ledger;

import java.util.Locale;

/** The state of a ledger entry, stored in lower case as in the seeds. */
public enum LedgerStatus {
    PENDING, CONFIRMED, FAILED, REFUNDED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LedgerStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
