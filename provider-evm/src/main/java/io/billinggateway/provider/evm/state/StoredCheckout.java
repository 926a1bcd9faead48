package io.billinggateway.provider.evm.state;

import java.math.BigInteger;

/**
 * A checkout's answer, kept so that the same checkout id gets the same reference and payload.
 *
 * @param kind a {@link io.billinggateway.spi.CheckoutKind} name
 * @param deadline epoch second of the payload's deadline
 * @param listing the signed listing of a one-time checkout; null for a subscription
 * @param settled null while open; {@code paid} or {@code expired} once its fate was reported
 */
public record StoredCheckout(String checkoutId, String kind, String providerPlanRef, String payer, String providerReference, String to,
                             String data, BigInteger value, BigInteger gasLimit, long deadline, StoredListing listing, String settled) {
    public StoredCheckout settle(String fate) {
        return new StoredCheckout(checkoutId, kind, providerPlanRef, payer, providerReference, to, data, value, gasLimit, deadline, listing, fate);
    }
}
