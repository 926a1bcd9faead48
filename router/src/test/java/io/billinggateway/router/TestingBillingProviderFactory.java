package io.billinggateway.router;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
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

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider on the router's test class path. Its behaviour is steered by configuration so that tests can
 * provoke what they need: {@code fail-with=secret} makes checkout throw a message containing the API key,
 * {@code fail-with=runtime} a plain runtime exception; {@code claim=TOKEN_PERMIT} makes describe claim an
 * undeclared capability.
 */
public final class TestingBillingProviderFactory implements BillingProviderFactory {
    @Override
    public String providerId() {
        return "testing";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ONE_TIME_PAYMENT);
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.requiredSecret("api-key", "the key of the testing PSP"),
                ConfigKey.optional("endpoint", "http://localhost:1", "where the testing PSP listens"),
                ConfigKey.optional("fail-with", "what checkout throws: secret or runtime"),
                ConfigKey.optional("claim", "an extra capability describe() claims"));
    }

    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        return new TestingBillingProvider(config);
    }

    static final class TestingBillingProvider implements BillingProvider {
        private final NetworkConfig config;
        volatile ClassLoader contextClassLoaderSeen;

        TestingBillingProvider(NetworkConfig config) {
            this.config = config;
        }

        @Override
        public NetworkDescription describe() {
            contextClassLoaderSeen = Thread.currentThread().getContextClassLoader();
            Set<Capability> capabilities = config.get("claim")
                    .map(extra -> Set.of(Capability.ONE_TIME_PAYMENT, Capability.valueOf(extra)))
                    .orElse(Set.of(Capability.ONE_TIME_PAYMENT));
            return new NetworkDescription(config.network(), "testing", config.chainId(), List.of(Asset.nativeAsset("TST", 2)), capabilities, 0, 1);
        }

        @Override
        public HealthReport health() {
            return HealthReport.up(Map.of("endpoint", config.require("endpoint"), "echo", config.requireSecret("api-key").reveal()));
        }

        @Override
        public PlanRegistration registerPlan(RegisterPlanRequest request) {
            throw new BillingException(ErrorCode.INTERNAL, "not used by router tests");
        }

        @Override
        public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
            throw new BillingException(ErrorCode.INTERNAL, "not used by router tests");
        }

        @Override
        public CheckoutResult checkout(CheckoutRequest request) {
            contextClassLoaderSeen = Thread.currentThread().getContextClassLoader();
            String failure = config.get("fail-with").orElse("secret");
            if (failure.equals("runtime")) {
                throw new IllegalStateException("connection refused by " + config.requireSecret("api-key").reveal());
            }
            throw new BillingException(ErrorCode.PAYMENT_DECLINED, "declined for key " + config.requireSecret("api-key").reveal());
        }
    }
}
