package io.billinggateway.gateway.plan;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Bodies of the admin plans API. Validated by {@link PlanService}, which answers with a problem naming each invalid field. */
public final class PlanRequests {
    private PlanRequests() {
    }

    /**
     * @param slug the plan's stable public name in URLs: 2-64 lower-case letters, digits and dashes
     * @param billingPeriod ISO-8601 duration ({@code P30D}); absent for a one-time product
     * @param prices the plan's price on each network it is sold on
     */
    @Serdeable
    public record CreatePlan(String slug, String name, @Nullable String description, @Nullable String billingPeriod, List<Price> prices) {
    }

    /**
     * Changes a plan. Absent fields stay as they are. Changing {@code billingPeriod} or a price creates new
     * terms: the plan is registered again on its networks, existing subscriptions keep the terms they agreed to.
     *
     * @param prices new or changed prices by network; networks not listed keep theirs
     */
    @Serdeable
    public record UpdatePlan(@Nullable String name, @Nullable String description, @Nullable String billingPeriod, @Nullable List<Price> prices) {
    }

    /** @param amount integer count of the asset's smallest unit, as a string ({@code "1999"} cents) */
    @Serdeable
    public record Price(String network, String asset, String amount) {
    }
}
