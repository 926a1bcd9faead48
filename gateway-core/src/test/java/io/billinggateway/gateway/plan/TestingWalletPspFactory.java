package io.billinggateway.gateway.plan;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.SpiVersion;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test-only {@code testing-wallet} provider: a chain-like network with a native coin ({@code TNC}) and a token
 * ({@code TTK}), so that a plan can carry two prices on one network. Like the EVM provider and the mock PSP it keeps one
 * registration per plan id and terms version and refuses the same pair again with other terms; a gateway that
 * registered two prices of one network under one plan id would be refused here.
 */
public final class TestingWalletPspFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "testing-wallet";

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.RECURRING_CHARGE, Capability.ONE_TIME_PAYMENT);
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        NetworkDescription description = new NetworkDescription(config.network(), PROVIDER_ID, config.chainId(),
                List.of(Asset.nativeAsset("TNC", 18), Asset.token("TTK", 6, "0x00000000000000000000000000000000000000aa")),
                capabilities(), 0, 100);
        return new TestingWalletPsp(description);
    }

    private static final class TestingWalletPsp implements BillingProvider {
        private final NetworkDescription description;
        /** Registered terms by "plan id#version". */
        private final Map<String, String> registered = new ConcurrentHashMap<>();

        TestingWalletPsp(NetworkDescription description) {
            this.description = description;
        }

        @Override
        public NetworkDescription describe() {
            return description;
        }

        @Override
        public HealthReport health() {
            return HealthReport.up(Map.of());
        }

        @Override
        public PlanRegistration registerPlan(RegisterPlanRequest request) {
            String key = request.plan().planId() + "#" + request.plan().version();
            String terms = request.plan().price().minorUnits() + " " + request.plan().price().asset();
            String earlier = registered.putIfAbsent(key, terms);
            if (earlier != null && !earlier.equals(terms)) {
                throw new BillingException(ErrorCode.CONFLICT, "plan " + key + " is registered for " + earlier + ", not " + terms);
            }
            return new PlanRegistration("wallet-plan:" + key, io.billinggateway.spi.PlanStatus.ACTIVE, Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
            return new PlanStatusChange(request.providerPlanRef(), request.target(), Optional.empty());
        }

        @Override
        public CheckoutResult checkout(CheckoutRequest request) {
            return new CheckoutResult("wallet-checkout:" + request.checkoutId(),
                    new CheckoutPayload.Redirect(URI.create("https://wallet.example/pay/" + request.checkoutId() + "?asset=" + request.amount().asset())),
                    Optional.empty());
        }
    }
}
