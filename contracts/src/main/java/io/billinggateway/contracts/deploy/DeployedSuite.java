package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import io.billinggateway.contracts.Hex;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of one network's suite, as recorded in its configuration file. Each is empty until deployed.
 */
public record DeployedSuite(
        Optional<String> coreSystem,
        Optional<String> paymentGateway,
        Optional<String> planManager,
        Optional<String> subscriptionManager,
        Optional<String> marketplace,
        Optional<String> token) {

    /** Configuration keys under {@code billing.networks.<network>}, in the order they are written. */
    public static final String CORE_SYSTEM_KEY = "core-system-address";
    public static final String PAYMENT_GATEWAY_KEY = "payment-gateway-address";
    public static final String PLAN_MANAGER_KEY = "plan-manager-address";
    public static final String SUBSCRIPTION_MANAGER_KEY = "subscription-manager-address";
    public static final String MARKETPLACE_KEY = "marketplace-address";
    public static final String TOKEN_KEY = "token-address";

    public static final DeployedSuite EMPTY = new DeployedSuite(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public DeployedSuite {
        coreSystem = normalise(coreSystem, "coreSystem");
        paymentGateway = normalise(paymentGateway, "paymentGateway");
        planManager = normalise(planManager, "planManager");
        subscriptionManager = normalise(subscriptionManager, "subscriptionManager");
        marketplace = normalise(marketplace, "marketplace");
        token = normalise(token, "token");
    }

    /** Reads the addresses from a network's configuration section. */
    static DeployedSuite fromConfig(Map<String, String> section) {
        return new DeployedSuite(
                Optional.ofNullable(section.get(CORE_SYSTEM_KEY)),
                Optional.ofNullable(section.get(PAYMENT_GATEWAY_KEY)),
                Optional.ofNullable(section.get(PLAN_MANAGER_KEY)),
                Optional.ofNullable(section.get(SUBSCRIPTION_MANAGER_KEY)),
                Optional.ofNullable(section.get(MARKETPLACE_KEY)),
                Optional.ofNullable(section.get(TOKEN_KEY)));
    }

    /** The present addresses by configuration key. */
    Map<String, String> toConfig() {
        Map<String, String> values = new LinkedHashMap<>();
        coreSystem.ifPresent(value -> values.put(CORE_SYSTEM_KEY, value));
        paymentGateway.ifPresent(value -> values.put(PAYMENT_GATEWAY_KEY, value));
        planManager.ifPresent(value -> values.put(PLAN_MANAGER_KEY, value));
        subscriptionManager.ifPresent(value -> values.put(SUBSCRIPTION_MANAGER_KEY, value));
        marketplace.ifPresent(value -> values.put(MARKETPLACE_KEY, value));
        token.ifPresent(value -> values.put(TOKEN_KEY, value));
        return values;
    }

    DeployedSuite withCoreSystem(String address) {
        return new DeployedSuite(Optional.of(address), paymentGateway, planManager, subscriptionManager, marketplace, token);
    }

    DeployedSuite withPaymentGateway(String address) {
        return new DeployedSuite(coreSystem, Optional.of(address), planManager, subscriptionManager, marketplace, token);
    }

    DeployedSuite withPlanManager(String address) {
        return new DeployedSuite(coreSystem, paymentGateway, Optional.of(address), subscriptionManager, marketplace, token);
    }

    DeployedSuite withSubscriptionManager(String address) {
        return new DeployedSuite(coreSystem, paymentGateway, planManager, Optional.of(address), marketplace, token);
    }

    DeployedSuite withMarketplace(String address) {
        return new DeployedSuite(coreSystem, paymentGateway, planManager, subscriptionManager, Optional.of(address), token);
    }

    DeployedSuite withToken(String address) {
        return new DeployedSuite(coreSystem, paymentGateway, planManager, subscriptionManager, marketplace, Optional.of(address));
    }

    private static Optional<String> normalise(Optional<String> address, String name) {
        return requireNonNull(address, name + " is null").map(Hex::address);
    }
}
