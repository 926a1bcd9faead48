package io.billinggateway.gateway.checkout;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of {@code POST /v1/billing/checkout} and {@code /v1/billing/subscribe}.
 *
 * @param plan the plan's slug or id
 * @param network the network to pay on; alternatively give {@code chainId} (and {@code providerId} when
 *                several providers serve that chain)
 * @param chainId CAIP-2 chain id or a bare EVM chain number
 * @param payerAccount the payer's wallet address on an on-chain network
 * @param returnUrl where a hosted payment page sends the payer afterwards
 */
@Serdeable
public record CheckoutBody(String plan, @Nullable String network, @Nullable String chainId, @Nullable String providerId,
                           @Nullable String payerAccount, @Nullable String returnUrl) {
}
