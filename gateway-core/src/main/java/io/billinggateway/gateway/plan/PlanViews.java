package io.billinggateway.gateway.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the plan APIs return. Amounts are strings of integer minor units, so no client parses them as floating point. */
public final class PlanViews {
    private PlanViews() {
    }

    /** A plan as the admin API shows it, with every network registration and its state. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdminPlan(UUID id, String slug, String name, String description, String billingPeriod, String status,
                            long termsVersion, long rowVersion, Instant createdAt, Instant updatedAt, List<Registration> networks) {
    }

    /** A plan on one network as the admin API shows it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Registration(String network, String chainId, String providerId, String asset, String price, long termsVersion, String status,
                               String providerPlanRef, String planHash, String authorSignature, String txRef, String lastError, Instant registeredAt) {
    }

    /** An active plan in the public catalog. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CatalogPlan(UUID id, String slug, String name, String description, String billingPeriod, boolean recurring,
                              List<SupportedChain> supportedChains) {
    }

    /**
     * Where and for how much a plan can be bought.
     *
     * @param assetId the CAIP-19 id of the asset
     * @param decimals how many decimals the asset has, to display {@code price}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SupportedChain(String network, String chainId, String providerId, String asset, String assetId, int decimals, String price) {
    }
}
