package io.billinggateway.provider.evm.state;

import java.math.BigInteger;

/**
 * A recurring plan as signed for {@code PlanManager.createPlan}, kept so that registering the same plan id and
 * version again finds the same plan hash instead of signing new terms with a new expiry.
 *
 * @param expiry epoch second after which the signature can no longer create the plan
 * @param transactionHash the last createPlan transaction sent, or null before one was sent
 */
public record StoredPlan(String planId, long version, String planHash, String signature, String author, String merchant, String token,
                         BigInteger price, long periodSeconds, BigInteger salt, long expiry, String uri, String transactionHash) {
    public StoredPlan withTransaction(String hash) {
        return new StoredPlan(planId, version, planHash, signature, author, merchant, token, price, periodSeconds, salt, expiry, uri, hash);
    }
}
