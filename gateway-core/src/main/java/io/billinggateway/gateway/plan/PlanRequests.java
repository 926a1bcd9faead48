package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.input.MaxItems;
import io.billinggateway.gateway.input.Text;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Bodies of the admin plans API. Validated by {@link PlanService}, which answers with a problem naming each invalid field. */
public final class PlanRequests {
    /** The most networks one plan lists a price on. */
    static final int MAX_PRICES = 50;

    private PlanRequests() {
    }

    /**
     * @param slug the plan's stable public name in URLs: 2-64 lower-case letters, digits and dashes
     * @param billingPeriod ISO-8601 duration ({@code P30D}); absent for a one-time product
     * @param prices the plan's price on each network it is sold on
     */
    @Serdeable
    public record CreatePlan(@Text(maxLength = 64) String slug, @Text(maxLength = 200) String name,
                             @Nullable @Text(maxLength = 2000, multiline = true) String description,
                             @Nullable @Text(maxLength = 64) String billingPeriod, @MaxItems(MAX_PRICES) List<Price> prices) {
    }

    /**
     * Changes a plan. Absent fields stay as they are. Changing {@code billingPeriod} or a price creates new
     * terms: the plan is registered again on its networks, existing subscriptions keep the terms they agreed to.
     *
     * @param prices new or changed prices by network; networks not listed keep theirs
     */
    @Serdeable
    public record UpdatePlan(@Nullable @Text(maxLength = 200) String name, @Nullable @Text(maxLength = 2000, multiline = true) String description,
                             @Nullable @Text(maxLength = 64) String billingPeriod, @Nullable @MaxItems(MAX_PRICES) List<Price> prices) {
    }

    /** @param amount integer count of the asset's smallest unit, as a string ({@code "1999"} cents) */
    @Serdeable
    public record Price(@Text(maxLength = 32) String network, @Text(maxLength = 16) String asset, @Text(maxLength = 80) String amount) {
    }
}
