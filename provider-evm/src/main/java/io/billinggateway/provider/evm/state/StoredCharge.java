package io.billinggateway.provider.evm.state;

import java.math.BigInteger;

/**
 * A chargeBatch transaction sent for one (subscription, period): before that period is charged again the
 * transaction is looked up by hash, so an unknown fate is never answered with a second transaction.
 *
 * @param periodStart epoch millisecond of the period's start, as the gateway gave it
 * @param sentAt epoch millisecond
 */
public record StoredCharge(String subscriptionRef, long periodStart, String transactionHash, BigInteger nonce, long sentAt) {
    public static String key(String subscriptionRef, long periodStart) {
        return subscriptionRef + "@" + periodStart;
    }

    public String key() {
        return key(subscriptionRef, periodStart);
    }
}
