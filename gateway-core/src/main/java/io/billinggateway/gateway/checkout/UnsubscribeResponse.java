package io.billinggateway.gateway.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

/**
 * @param status the subscription's status now; {@code cancelled} unless the subscriber must act
 * @param payload present when the subscriber must sign (an on-chain unsubscribe); the subscription ends when that transaction is seen
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnsubscribeResponse(UUID subscriptionId, String status, PayloadView payload) {
}
