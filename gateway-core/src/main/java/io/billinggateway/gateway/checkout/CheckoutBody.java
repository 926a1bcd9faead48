package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.input.Text;
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
 * @param asset the asset to pay in (its code, e.g. {@code BNB} or {@code USDT}) when the plan has several prices on the
 *              network; optional when it has one
 * @param token the same as {@code asset}, under the ledger's name for it; give one of the two
 */
@Serdeable
public record CheckoutBody(@Text(maxLength = 64) String plan, @Nullable @Text(maxLength = 32) String network, @Nullable @Text(maxLength = 80) String chainId,
                           @Nullable @Text(maxLength = 32) String providerId, @Nullable @Text(maxLength = 200) String payerAccount,
                           @Nullable @Text(maxLength = 2000) String returnUrl, @Nullable @Text(maxLength = 16) String asset,
                           @Nullable @Text(maxLength = 16) String token) {
}
