package io.billinggateway.gateway.network;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.HealthReport;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The catalog of enabled networks: what each offers and whether it is healthy right now. */
@Controller("/v1/billing/networks")
@io.micronaut.security.annotation.Secured(io.micronaut.security.rules.SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class NetworksController {
    private final ProviderRouter router;
    private final NetworkHealth health;

    NetworksController(ProviderRouter router, NetworkHealth health) {
        this.router = requireNonNull(router, "router is null");
        this.health = requireNonNull(health, "health is null");
    }

    /** Every enabled network in configuration order, with its assets, capabilities and health. */
    @Get
    List<NetworkView> networks() {
        Map<String, HealthReport> reports = health.check();
        return router.networks().stream().map(network -> NetworkView.of(network, reports.get(network.name()))).toList();
    }

    /** One network; an unknown name is a 404 problem listing the registered networks. */
    @Get("/{name}")
    NetworkView network(@PathVariable String name) {
        RoutedNetwork network = router.resolve(name);
        return NetworkView.of(network, health.check(List.of(network)).get(name));
    }
}
