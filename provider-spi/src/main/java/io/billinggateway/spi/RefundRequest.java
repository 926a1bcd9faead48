package io.billinggateway.spi;

import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * Returns money of a completed payment.
 *
 * @param refundId the gateway's id of this refund; a repeated {@code refundId} returns the first result and moves nothing
 * @param paymentRef the payment's {@linkplain BillingEvent.PaymentConfirmed#transactionRef() transaction reference}
 * @param amount how much to return; empty for everything not yet refunded. A partial amount needs {@link Capability#PARTIAL_REFUND}
 * @param reason shown to operators and, where the provider supports it, to the payer
 */
public record RefundRequest(String refundId, String paymentRef, Optional<Money> amount, String reason) {
    public RefundRequest {
        requireText(refundId, "refundId");
        requireText(paymentRef, "paymentRef");
        requireNonNull(amount, "amount is null");
        requireNonNull(reason, "reason is null");
        amount.ifPresent(money -> {
            if (money.isZero()) {
                throw new IllegalArgumentException("refund amount must be positive");
            }
        });
    }
}
