package io.billinggateway.gateway.plan;

import io.micronaut.serde.annotation.Serdeable;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A plan's price on one network in one asset ({@code billing_plan_signatures}); a network may carry several, one per asset.
 *
 * @param status {@code PENDING} until the provider registered it, then the plan's status there, or {@code FAILED}
 *               with {@code lastError}
 */
@Serdeable
public record PlanRegistrationRow(UUID planId, String network, String chainId, String providerId, String asset, BigInteger price,
                                  long termsVersion, String providerPlanRef, String planHash, String authorSignature, String txRef,
                                  String status, String lastError, Instant registeredAt, Instant updatedAt) {
    public static final String PENDING = "PENDING";
    public static final String FAILED = "FAILED";

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
