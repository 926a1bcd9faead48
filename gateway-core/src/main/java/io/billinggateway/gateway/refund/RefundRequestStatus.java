package io.billinggateway.gateway.refund;

import java.util.Locale;

/** Where a refund request stands; stored in lower case in {@code billing_refund_requests.status}. */
enum RefundRequestStatus {
    /** Recorded before the provider was asked; the outcome is not recorded (the gateway stopped or its database failed). */
    REQUESTED,
    /** The provider refunded and the ledger moved. */
    SUCCEEDED,
    /** The provider accepted; its refund event moves the ledger. */
    PENDING,
    /** The provider refused; nothing moved. */
    FAILED,
    /** The provider failed in a way that may have refunded, or refunded and the gateway could not record it. */
    UNKNOWN;

    /** Whether the stored answer is final; otherwise the next request with the same key asks the provider again. */
    boolean settled() {
        return this == SUCCEEDED || this == PENDING || this == FAILED;
    }

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RefundRequestStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
