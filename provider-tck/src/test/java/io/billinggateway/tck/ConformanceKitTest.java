package io.billinggateway.tck;

import io.billinggateway.tck.defective.DefectivePlugins;
import io.billinggateway.tck.defective.DefectiveProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Proves the kit: run against providers (and plugin jars) that each break one contract, the test of that
 * contract fails with a message naming it; run against a correct provider, nothing fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceKitTest {
    /** Each defective class runs once however many of its contracts are checked. */
    private final Map<Class<?>, Map<String, Throwable>> failuresByClass = new HashMap<>();

    Stream<Arguments> brokenContracts() {
        return Stream.of(
                Arguments.of(DefectiveProviders.LiesAboutPartialRefund.class, "partialRefundFollowsDeclaration",
                        "capability PARTIAL_REFUND is declared but refund() of a partial amount (666 USD of 1999 USD) threw UNSUPPORTED: provider 'testing-memory' does not support refund of a partial amount"),
                Arguments.of(DefectiveProviders.RefundsWithoutDeclaring.class, "fullRefundFollowsDeclaration",
                        "capability REFUND is not declared but refund() of a whole payment succeeded: Refund[refundRef="),
                Arguments.of(DefectiveProviders.RefundsWithoutDeclaring.class, "partialRefundFollowsDeclaration",
                        "capability PARTIAL_REFUND is not declared but refund() of a partial amount (666 USD of 1999 USD) succeeded"),
                Arguments.of(DefectiveProviders.IgnoresUndeclaredCapabilities.class, "subscriptionCheckoutFollowsDeclaration",
                        "capability RECURRING_CHARGE is not declared but checkout(SUBSCRIPTION) succeeded"),
                Arguments.of(DefectiveProviders.IgnoresUndeclaredCapabilities.class, "webhookSignaturesAreVerified",
                        "capability WEBHOOKS is not declared, so parseWebhook must throw BillingException UNSUPPORTED (BillingException.unsupported), but it threw SIGNATURE_INVALID"),
                Arguments.of(DefectiveProviders.AcceptsOverRefund.class, "partialRefundFollowsDeclaration",
                        "refund() of 1334 USD when 1333 USD is left must throw CONFLICT (the amount exceeds what is left to refund) but returned Refund["),
                Arguments.of(DefectiveProviders.AcceptsOverRefund.class, "fullRefundFollowsDeclaration",
                        "refund() of an already fully refunded payment must throw CONFLICT (nothing is left to refund) but returned"),
                Arguments.of(DefectiveProviders.ChargesAPeriodTwice.class, "chargingTheSamePeriodTwiceMovesMoneyOnce",
                        "charging the same (subscriptionRef, periodStart) again moved money twice"),
                Arguments.of(DefectiveProviders.CatchesUpLateRenewals.class, "aLateRenewalIsChargedOnceAndRestartsFromTheCharge",
                        "a renewal more than a period late must restart the schedule from the charge"),
                Arguments.of(DefectiveProviders.RenewsFrozenPlans.class, "freezingAnEarlierTermsVersionStopsItsRenewals",
                        "a subscriber of frozen terms must not be renewed, even though newer terms of the plan are active"),
                Arguments.of(DefectiveProviders.KeepsItsOwnRetryBudget.class, "aSpentRetryBudgetEndsTheSubscriptionAtOnce",
                        "capability RECURRING_CHARGE is declared but cancelSubscription(RETRIES_EXHAUSTED) failed with CONFLICT"),
                Arguments.of(DefectiveProviders.AnswersFromItsInstanceOnly.class, "aProviderWithoutLocalStateAnswersAnEarlierChargeTheSame",
                        "a provider instance with no local state, asked for a period that was charged in "),
                Arguments.of(DefectiveProviders.ChargesCancelledSubscriptions.class, "cancelledSubscriptionIsNeverChargedAgain",
                        "a cancelled subscription must never be charged"),
                Arguments.of(DefectiveProviders.ReversesBatchOutcomes.class, "chargeBatchReportsOneOutcomePerItemInOrder",
                        "outcome 0 must be about item 0: outcomes are in request order"),
                Arguments.of(DefectiveProviders.CheckoutNotIdempotent.class, "checkoutIsIdempotentPerCheckoutId",
                        "checkout must be idempotent per checkoutId"),
                Arguments.of(DefectiveProviders.RegistersPlanTwice.class, "registerPlanIsIdempotentPerPlanAndVersion",
                        "registerPlan must be idempotent per planId and version"),
                Arguments.of(DefectiveProviders.AcceptsForgedWebhooks.class, "webhookSignaturesAreVerified",
                        "parseWebhook of a delivery whose body was changed after signing must throw SIGNATURE_INVALID"),
                Arguments.of(DefectiveProviders.AcceptsStaleWebhooks.class, "webhookReplayedOutsideTheToleranceIsRejected",
                        "parseWebhook of a genuine delivery replayed PT24H1S after it was sent (its timestamp is outside any tolerance window) must throw SIGNATURE_INVALID"),
                Arguments.of(DefectiveProviders.UnstableEventIds.class, "duplicateWebhookDeliveryYieldsTheSameEvents",
                        "a duplicate delivery of the same webhook must yield the same event ids"),
                Arguments.of(DefectiveProviders.LeaksSecretInErrors.class, "errorsNeverRevealSecrets",
                        "changePlanStatus of an unknown plan threw NOT_FOUND whose message contains the value of secret key 'api-key'"),
                Arguments.of(DefectiveProviders.LeaksSecretInHealth.class, "healthNeverThrowsAndRevealsNoSecret",
                        "health() contains the value of secret key 'api-key'"),
                Arguments.of(DefectiveProviders.HealthThrows.class, "healthNeverThrowsAndRevealsNoSecret",
                        "health() must never throw (report a failure as DOWN) but threw java.lang.IllegalStateException: health probe failed"),
                Arguments.of(DefectiveProviders.MisnamesMetrics.class, "metricsFollowTheNamingRules",
                        "metric names are lower-case snake case starting with the provider id ('testing_memory_...')"),
                Arguments.of(DefectiveProviders.DescriptionChanges.class, "describeIsCheapAndStable",
                        "describe() must return the same description every time (call 2)"),
                Arguments.of(DefectiveProviders.InventsUnknownPlans.class, "changePlanStatusRoundTrips",
                        "changePlanStatus of a plan never registered must throw NOT_FOUND (the plan is not registered on this network) but returned PlanStatusChange["),
                Arguments.of(DefectiveProviders.ConfirmsDeclinedPayments.class, "declinedPaymentFails",
                        "a declined checkout must not also be confirmed"),
                Arguments.of(DefectiveProviders.IgnoresPollCursor.class, "eventPollingFollowsDeclaration",
                        "pollEvents after a cursor must return only events after it, not events already returned before it"),
                Arguments.of(DefectiveProviders.DescribesAnotherChain.class, "describeMatchesTheConfiguredNetwork",
                        "describe().chainId() must be the configured chain id"),
                Arguments.of(DefectiveProviders.NeverConfirmsPayments.class, "oneTimePaymentFollowsDeclaration",
                        "no PaymentConfirmed event for providerReference cs_2 after the payer paid (capability ONE_TIME_PAYMENT) arrived within PT0.3S"),
                Arguments.of(DefectiveProviders.UnregisteredFactory.class, "factoryIsLoadableByServiceLoader",
                        "factory " + DefectiveProviders.UnregisteredTestingBillingProviderFactory.class.getName() + " is not registered for ServiceLoader: add "
                                + "META-INF/services/io.billinggateway.spi.BillingProviderFactory containing the line '"
                                + DefectiveProviders.UnregisteredTestingBillingProviderFactory.class.getName() + "'"),
                Arguments.of(DefectiveProviders.BadDeclarations.class, "factoryDeclaresAValidIdentity",
                        "spiVersion() is 1.99 but a gateway with SPI 1.4 cannot load it; return SpiVersion.CURRENT"),
                Arguments.of(DefectiveProviders.BadDeclarations.class, "factoryDeclaresAValidIdentity",
                        "configKeys() declares 'provider', which the gateway reserves for itself"),
                Arguments.of(DefectiveProviders.MisconfiguredNetwork.class, "describeMatchesTheConfiguredNetwork",
                        "key 'api-key' is declared secret; put its value in ConformanceNetwork.secretValues(), not values()"),
                Arguments.of(DefectivePlugins.BundlesTheSpi.class, "pluginDoesNotBundleTheSpi",
                        "the plugin bundles the SPI's classes, which the gateway provides (and ignores in a plugin); "
                                + "declare io.billinggateway:provider-spi with <scope>provided</scope>"),
                Arguments.of(DefectivePlugins.MissesADependency.class, "pluginLoadsFromThePluginsDirectory",
                        "the gateway reports problems loading the plugin from plugins/fixture-missing.jar"),
                Arguments.of(DefectivePlugins.MissesADependency.class, "pluginLoadsFromThePluginsDirectory",
                        "cannot be instantiated: a class it needs is missing: NoClassDefFoundError: fixture/plugin/fixture_missing/FixtureDependency"),
                Arguments.of(DefectivePlugins.MisconfiguredNetwork.class, "networkStartsThroughTheGatewayRouter",
                        "the gateway refuses to start network 'alpha' of the installed plugin:" + System.lineSeparator()
                                + "network 'alpha': unknown key billing.networks.alpha.colour; provider 'fixture-good' accepts: chain-id, greeting, provider"),
                Arguments.of(DefectiveProviders.ChargesAPeriodTwice.class, "chargeRetriedAfterTimeoutsMovesMoneyOnce",
                        "charging the same (subscriptionRef, periodStart) again after a TIMEOUT"),
                Arguments.of(DefectiveProviders.CheckoutNotIdempotent.class, "checkoutRetriedAfterTimeoutsStartsOnePayment",
                        "checkout(ONE_TIME) repeated with the same checkoutId after a TIMEOUT"),
                Arguments.of(DefectiveProviders.RefundNotIdempotent.class, "refundRetriedAfterTimeoutsRefundsOnce",
                        "refund() of 666 USD repeated with the same refundId after a TIMEOUT"),
                Arguments.of(DefectiveProviders.RefundNotIdempotent.class, "fullRefundFollowsDeclaration",
                        "capability REFUND is declared but refund() repeated with the same refundId failed with CONFLICT"),
                Arguments.of(DefectiveProviders.UnstableEventIds.class, "duplicateAndReorderedDeliveriesYieldTheSameEvents",
                        "must yield the same event ids as when it first arrived, so the gateway applies each event once"),
                Arguments.of(DefectiveProviders.RejectsOutOfOrderWebhooks.class, "duplicateAndReorderedDeliveriesYieldTheSameEvents",
                        "in a duplicated, out-of-order stream was rejected with SIGNATURE_INVALID: event 'evt_"),
                Arguments.of(DefectiveProviders.IgnoresPollCursor.class, "pollingRetriedAfterLostResponsesLosesNoEvent",
                        "polling one event per page, asking for the same cursor again after each lost answer (as the gateway does), must yield every event once"),
                Arguments.of(DefectiveProviders.MissingRequiredKey.class, "describeMatchesTheConfiguredNetwork",
                        "network(...) returned a configuration the gateway would refuse at startup:" + System.lineSeparator()
                                + "  - network 'memory': missing required key billing.networks.memory.api-key (or BILLING_NETWORKS_MEMORY_API_KEY): the fixture PSP's API key"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenContracts")
    void theTestOfABrokenContractFailsNamingIt(Class<?> conformanceTest, String testMethod, String expectedMessage) {
        Map<String, Throwable> failures = failures(conformanceTest);

        assertThat(failures).as("tests of " + conformanceTest.getSimpleName() + " that failed").containsKey(testMethod);
        assertThat(failures.get(testMethod)).hasMessageContaining(expectedMessage);
    }

    @Test
    void everyTestOfTheKitIsShownToFailForSomeDefect() {
        Set<String> shownToFail = brokenContracts().map(arguments -> (String) arguments.get()[1]).collect(Collectors.toSet());
        Set<String> kitTests = Stream.of(BaseBillingProviderConformanceTest.class, BasePluginLoaderConformanceTest.class)
                .flatMap(kit -> Arrays.stream(kit.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Test.class))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));

        kitTests.removeAll(shownToFail);
        // The host used by the loader checks sees only the SPI, so no plugin can make its classes visible to it.
        assertThat(kitTests).as("kit tests that no defective fixture makes fail").containsExactly("pluginIsIsolatedFromTheHost");
    }

    @Test
    void aCorrectProviderPassesEveryTestOfTheKit() {
        EngineExecutionResults results = run(DefectiveProviders.Correct.class);

        assertThat(failures(results)).isEmpty();
        long kitTests = Arrays.stream(BaseBillingProviderConformanceTest.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .count();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(kitTests);
    }

    @Test
    void aMisconfiguredNetworkFailsEveryTestBeforeTheProviderIsCreated() {
        Map<String, Throwable> failures = failures(DefectiveProviders.MisconfiguredNetwork.class);

        assertThat(failures).hasSize((int) Arrays.stream(BaseBillingProviderConformanceTest.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class)).count());
        assertThat(failures.values()).allSatisfy(failure -> assertThat(failure.getMessage()).contains(
                "  - key 'api-key' is declared secret; put its value in ConformanceNetwork.secretValues(), not values()",
                "  - network 'memory': unknown key billing.networks.memory.colour; provider 'testing-memory' accepts: api-key, capabilities, chain-id, defects, provider, webhook-secret, webhook-tolerance"));
    }

    private Map<String, Throwable> failures(Class<?> conformanceTest) {
        return failuresByClass.computeIfAbsent(conformanceTest, type -> failures(run(type)));
    }

    private static EngineExecutionResults run(Class<?> conformanceTest) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(conformanceTest))
                .configurationParameter(ConformanceReportExtension.REPORT_PARAMETER, "none")
                .execute();
    }

    private static Map<String, Throwable> failures(EngineExecutionResults results) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        results.testEvents().failed().stream().forEach(event -> failures.put(testMethod(event),
                event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow()));
        return failures;
    }

    private static String testMethod(Event event) {
        return event.getTestDescriptor().getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(source -> ((org.junit.platform.engine.support.descriptor.MethodSource) source).getMethodName())
                .orElseThrow();
    }
}
