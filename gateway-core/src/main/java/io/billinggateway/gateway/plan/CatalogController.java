package io.billinggateway.gateway.plan;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The public plan catalog with {@code supportedChains}. */
@Controller("/v1/billing/plans")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class CatalogController {
    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Active plans, each with the networks, assets and prices it can be bought with. */
    @Get
    List<PlanViews.CatalogPlan> plans() {
        return catalog.activePlans();
    }

    /** One active plan by its slug, with the networks, assets and prices it can be bought with. */
    @Get("/{slug}")
    PlanViews.CatalogPlan plan(@PathVariable String slug) {
        return catalog.bySlug(slug).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no active plan with slug '" + slug + "'"));
    }
}
