package io.billinggateway.spi;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** A refund as the provider recorded it. */
public record Refund(String refundRef, String paymentRef, Money amount, Status status) {
    public enum Status {
        /** The money is on its way back to the payer. */
        SUCCEEDED,
        /** Accepted; the final state arrives as a {@link BillingEvent.PaymentRefunded} event. */
        PENDING
    }

    public Refund {
        requireText(refundRef, "refundRef");
        requireText(paymentRef, "paymentRef");
        requireNonNull(amount, "amount is null");
        requireNonNull(status, "status is null");
    }
}
