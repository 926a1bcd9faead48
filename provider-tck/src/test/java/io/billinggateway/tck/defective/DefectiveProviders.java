package io.billinggateway.tck.defective;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.fixture.TestingBillingProviderFactory;
import io.billinggateway.tck.fixture.TestingDefect;
import io.billinggateway.tck.fixture.TestingProviderConformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kit run against providers that break one contract each. These classes fail by design: surefire never
 * runs them (provider-tck's pom excludes this package); {@code ConformanceKitTest} runs them through the
 * JUnit engine and checks that the right test fails with a message naming the broken contract.
 */
public final class DefectiveProviders {
    private DefectiveProviders() {
    }

    /** The plain correct provider, run the same way, as the control. */
    public static class Correct extends TestingProviderConformance {
    }

    public static class LiesAboutPartialRefund extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.PARTIAL_REFUND_THROWS_UNSUPPORTED);
        }
    }

    public static class RefundsWithoutDeclaring extends TestingProviderConformance {
        @Override
        protected Set<Capability> networkCapabilities() {
            return Set.of(Capability.ONE_TIME_PAYMENT, Capability.WEBHOOKS);
        }

        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.REFUNDS_WITHOUT_DECLARING);
        }
    }

    public static class IgnoresUndeclaredCapabilities extends TestingProviderConformance {
        @Override
        protected Set<Capability> networkCapabilities() {
            return Set.of(Capability.ONE_TIME_PAYMENT, Capability.EVENT_POLLING);
        }

        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.IGNORES_UNDECLARED_CAPABILITIES);
        }
    }

    public static class AcceptsOverRefund extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.ACCEPTS_OVER_REFUND);
        }
    }

    public static class ChargesAPeriodTwice extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.CHARGES_A_PERIOD_TWICE);
        }
    }

    public static class CatchesUpLateRenewals extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.CATCHES_UP_LATE_RENEWALS);
        }
    }

    public static class RenewsFrozenPlans extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.RENEWS_FROZEN_PLANS);
        }
    }

    public static class KeepsItsOwnRetryBudget extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.KEEPS_ITS_OWN_RETRY_BUDGET);
        }
    }

    public static class AnswersFromItsInstanceOnly extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.ANSWERS_FROM_ITS_INSTANCE_ONLY);
        }
    }

    public static class ChargesCancelledSubscriptions extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.CHARGES_CANCELLED_SUBSCRIPTIONS);
        }
    }

    public static class ReversesBatchOutcomes extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.REVERSES_BATCH_OUTCOMES);
        }
    }

    public static class CheckoutNotIdempotent extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.CHECKOUT_NOT_IDEMPOTENT);
        }
    }

    public static class RegistersPlanTwice extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.REGISTERS_PLAN_TWICE);
        }
    }

    public static class AcceptsForgedWebhooks extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.ACCEPTS_FORGED_WEBHOOKS);
        }
    }

    public static class AcceptsStaleWebhooks extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.ACCEPTS_STALE_WEBHOOKS);
        }
    }

    public static class UnstableEventIds extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.UNSTABLE_EVENT_IDS);
        }
    }

    public static class LeaksSecretInErrors extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.LEAKS_SECRET_IN_ERRORS);
        }
    }

    public static class LeaksSecretInHealth extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.LEAKS_SECRET_IN_HEALTH);
        }
    }

    public static class HealthThrows extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.HEALTH_THROWS);
        }
    }

    public static class MisnamesMetrics extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.MISNAMES_METRICS);
        }
    }

    public static class DescriptionChanges extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.DESCRIPTION_CHANGES);
        }
    }

    public static class InventsUnknownPlans extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.INVENTS_UNKNOWN_PLANS);
        }
    }

    public static class ConfirmsDeclinedPayments extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.CONFIRMS_DECLINED_PAYMENTS);
        }
    }

    public static class IgnoresPollCursor extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.IGNORES_POLL_CURSOR);
        }
    }

    public static class DescribesAnotherChain extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.DESCRIBES_ANOTHER_CHAIN);
        }
    }

    public static class NeverConfirmsPayments extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.NEVER_CONFIRMS_PAYMENTS);
        }

        @Override
        protected Duration eventTimeout() {
            return Duration.ofMillis(300);
        }
    }

    public static class RefundNotIdempotent extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.REFUND_NOT_IDEMPOTENT);
        }
    }

    public static class RejectsOutOfOrderWebhooks extends TestingProviderConformance {
        @Override
        protected Set<TestingDefect> defects() {
            return Set.of(TestingDefect.REJECTS_OUT_OF_ORDER_WEBHOOKS);
        }
    }

    /** A factory class nobody registered in META-INF/services. */
    public static class UnregisteredFactory extends TestingProviderConformance {
        @Override
        protected BillingProviderFactory createFactory() {
            return new UnregisteredTestingBillingProviderFactory();
        }
    }

    public static class UnregisteredTestingBillingProviderFactory extends TestingBillingProviderFactory {
    }

    /** A factory that declares a key the gateway reserves and claims a newer SPI. */
    public static class BadDeclarations extends TestingProviderConformance {
        @Override
        protected BillingProviderFactory createFactory() {
            return new BadDeclarationsFactory();
        }
    }

    public static class BadDeclarationsFactory extends TestingBillingProviderFactory {
        @Override
        public String spiVersion() {
            return "1.99";
        }

        @Override
        public List<ConfigKey> configKeys() {
            List<ConfigKey> keys = new ArrayList<>(super.configKeys());
            keys.add(ConfigKey.optional("provider", "claims the gateway's own key"));
            return keys;
        }
    }

    /** A network configured with a key nobody declared and a secret given as a plain value. */
    public static class MisconfiguredNetwork extends TestingProviderConformance {
        @Override
        protected ConformanceNetwork network(ConformanceEnvironment environment) {
            return new ConformanceNetwork("memory", ChainId.parse("memory:tck"), Map.of("colour", "blue", "api-key", API_KEY),
                    Map.of("webhook-secret", WEBHOOK_SECRET));
        }
    }

    /** A network that leaves out a required key. */
    public static class MissingRequiredKey extends TestingProviderConformance {
        @Override
        protected ConformanceNetwork network(ConformanceEnvironment environment) {
            return new ConformanceNetwork("memory", ChainId.parse("memory:tck"), Map.of(), Map.of("webhook-secret", WEBHOOK_SECRET));
        }
    }
}
