package io.billinggateway.provider.evm.state;

import java.math.BigInteger;

/**
 * A one-time product, sold through Marketplace listings signed per checkout. It lives only here: a listing is
 * an off-chain signature, so nothing is registered on chain until a buyer pays.
 *
 * @param status a {@link io.billinggateway.spi.PlanStatus} name
 */
public record StoredItem(String providerPlanRef, String planId, long version, String asset, BigInteger price, String status) {
    public StoredItem withStatus(String newStatus) {
        return new StoredItem(providerPlanRef, planId, version, asset, price, newStatus);
    }
}
