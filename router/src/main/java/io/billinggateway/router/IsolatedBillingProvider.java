package io.billinggateway.router;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.RegisterPlanRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Wraps a plugin's provider so that the host never has to think about isolation: every call runs with the
 * plugin's class loader as the thread's context class loader (libraries inside the plugin that look classes
 * up through it, such as Jackson or web3j, find the plugin's own), and every failure leaves as a
 * {@link BillingException} whose message has the network's secrets masked. A provider that throws something
 * else is reported as {@link ErrorCode#INTERNAL} naming the provider and network.
 */
final class IsolatedBillingProvider implements BillingProvider {
    private final String network;
    private final String providerId;
    private final BillingProvider delegate;
    private final ClassLoader classLoader;
    private final SecretMasker masker;

    IsolatedBillingProvider(String network, String providerId, BillingProvider delegate, ClassLoader classLoader, SecretMasker masker) {
        this.network = requireNonNull(network, "network is null");
        this.providerId = requireNonNull(providerId, "providerId is null");
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
        this.masker = requireNonNull(masker, "masker is null");
    }

    @Override
    public NetworkDescription describe() {
        return call("describe", delegate::describe);
    }

    @Override
    public HealthReport health() {
        try {
            HealthReport report = call("health", delegate::health);
            if (report == null) {
                return HealthReport.down("provider '" + providerId + "' returned no health report");
            }
            Map<String, String> details = new LinkedHashMap<>();
            report.details().forEach((key, value) -> details.put(key, masker.mask(value)));
            return new HealthReport(report.status(), report.latency(), report.activeEndpoint().map(masker::mask), details);
        }
        catch (BillingException e) {
            return HealthReport.down(e.getMessage());
        }
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        return call("registerPlan", () -> delegate.registerPlan(request));
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        return call("changePlanStatus", () -> delegate.changePlanStatus(request));
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        return call("checkout", () -> delegate.checkout(request));
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        ChargeBatchResult result = call("chargeBatch", () -> delegate.chargeBatch(request));
        if (result == null || result.outcomes().size() != request.items().size()) {
            throw new BillingException(ErrorCode.INTERNAL, "provider '" + providerId + "' on network '" + network + "' returned "
                    + (result == null ? "no result" : result.outcomes().size() + " outcomes") + " for " + request.items().size() + " charge items");
        }
        return result;
    }

    @Override
    public Refund refund(RefundRequest request) {
        return call("refund", () -> delegate.refund(request));
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        return call("cancelSubscription", () -> delegate.cancelSubscription(request));
    }

    @Override
    public List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        return call("parseWebhook", () -> delegate.parseWebhook(webhook));
    }

    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        return call("pollEvents", () -> delegate.pollEvents(request));
    }

    @Override
    public EventPage recordedEvents(PollEventsRequest request) {
        return call("recordedEvents", () -> delegate.recordedEvents(request));
    }

    @Override
    public void close() {
        try {
            call("close", () -> {
                delegate.close();
                return null;
            });
        }
        catch (BillingException e) {
            System.getLogger(IsolatedBillingProvider.class.getName())
                    .log(System.Logger.Level.WARNING, "closing provider of network ''{0}'' failed: {1}", network, e.getMessage());
        }
    }

    /** The provider instance behind the wrapper, for tests of the wrapper itself. */
    BillingProvider delegate() {
        return delegate;
    }

    private <T> T call(String operation, Supplier<T> action) {
        try {
            return PluginDiscovery.withContextClassLoader(classLoader, action);
        }
        catch (BillingException e) {
            throw masked(e);
        }
        catch (RuntimeException | LinkageError e) {
            BillingException wrapped = new BillingException(ErrorCode.INTERNAL, "provider '" + providerId + "' on network '" + network + "' failed in "
                    + operation + ": " + masker.mask(PluginDiscovery.describe(e)));
            wrapped.setStackTrace(e.getStackTrace());
            throw wrapped;
        }
    }

    private BillingException masked(BillingException e) {
        String message = masker.mask(e.getMessage());
        if (message.equals(e.getMessage())) {
            return e;
        }
        BillingException replacement = new BillingException(e.code(), message);
        replacement.setStackTrace(e.getStackTrace());
        return replacement;
    }
}
