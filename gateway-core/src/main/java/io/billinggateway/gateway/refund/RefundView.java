package io.billinggateway.gateway.refund;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

/**
 * The answer to a refund request; the same answer is replayed for the same {@code Idempotency-Key}.
 *
 * @param status {@code succeeded}; {@code pending} until the provider's webhook confirms; or {@code unknown} (HTTP 202)
 *               when the provider refunded but the gateway could not record it: send the same request again to complete it
 * @param amount integer minor units refunded, as a string
 * @param detail for {@code unknown}: what happened and what to do
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record RefundView(UUID ledgerId, String refundRef, String amount, String status, String ledgerStatus, String refundedAmount, String detail) {
}
