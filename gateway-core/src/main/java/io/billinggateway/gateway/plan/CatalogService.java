package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.router.NetworkNotFoundException;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.Asset;
import io.micronaut.cache.annotation.Cacheable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The public catalog: active plans with the networks they can be bought on. Cached (see
 * {@code micronaut.caches.billing-plans} in {@code application.yml}) and invalidated by every plan change.
 */
@Singleton
public class CatalogService {
    private final Database database;
    private final PlanService plans;
    private final ProviderRouter router;

    CatalogService(Database database, PlanService plans, ProviderRouter router) {
        this.database = requireNonNull(database, "database is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.router = requireNonNull(router, "router is null");
    }

    @Cacheable(PlanService.CATALOG_CACHE)
    public List<PlanViews.CatalogPlan> activePlans() {
        return database.inTransaction(connection -> plans.activePlans().stream()
                .map(plan -> new PlanViews.CatalogPlan(plan.id(), plan.slug(), plan.name(), plan.description(),
                        plan.billingPeriod().map(BillingPeriod::iso).orElse(null), plan.recurring(), supportedChains(plans.registrations(plan.id()))))
                .filter(plan -> !plan.supportedChains().isEmpty())
                .toList());
    }

    public Optional<PlanViews.CatalogPlan> bySlug(String slug) {
        return activePlans().stream().filter(plan -> plan.slug().equals(slug)).findFirst();
    }

    private List<PlanViews.SupportedChain> supportedChains(List<PlanRegistrationRow> registrations) {
        List<PlanViews.SupportedChain> chains = new ArrayList<>();
        for (PlanRegistrationRow row : registrations) {
            if (!row.active()) {
                continue;
            }
            RoutedNetwork network;
            try {
                network = router.resolve(row.network());
            }
            catch (NetworkNotFoundException disabled) {
                continue;
            }
            Asset asset = network.describe().asset(row.asset());
            chains.add(new PlanViews.SupportedChain(row.network(), row.chainId(), row.providerId(), row.asset(), asset.caip19(network.chainId()),
                    asset.decimals(), row.price().toString()));
        }
        return chains;
    }
}
