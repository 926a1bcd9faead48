package io.billinggateway.tck.fault;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
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

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A provider seen over a flaky network: every operation that would reach a counterpart goes through
 * {@link FaultInjection#call}, so it may be slow, time out before or after it was carried out, or fail
 * transiently or for good. The kit uses it to act as the gateway does after a timeout (repeat the request with
 * the same ids) and check that no money moves twice; a host's tests can use it to check their retry logic.
 *
 * <p>{@link #describe()} answers from memory and {@link #parseWebhook} verifies locally, so neither is faulted
 * (pass deliveries through {@link FaultInjection#deliver} instead); {@link #health()} is only slowed, never
 * made to throw, as its contract demands; {@link #close()} is passed through.
 */
public final class FaultInjectingBillingProvider implements BillingProvider {
    private final BillingProvider delegate;
    private final FaultInjection faults;

    public FaultInjectingBillingProvider(BillingProvider delegate, FaultInjection faults) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.faults = requireNonNull(faults, "faults is null");
    }

    /** The faults this provider injects, with the log of what it injected so far. */
    public FaultInjection faults() {
        return faults;
    }

    @Override
    public NetworkDescription describe() {
        return delegate.describe();
    }

    @Override
    public HealthReport health() {
        if (faults.next("health") instanceof Fault.SlowResponse slow) {
            try {
                Thread.sleep(slow.delay());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return HealthReport.down("interrupted during an injected slow response");
            }
        }
        return delegate.health();
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        return faults.call("registerPlan", () -> delegate.registerPlan(request));
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        return faults.call("changePlanStatus", () -> delegate.changePlanStatus(request));
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        return faults.call("checkout", () -> delegate.checkout(request));
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        return faults.call("chargeBatch", () -> delegate.chargeBatch(request));
    }

    @Override
    public Refund refund(RefundRequest request) {
        return faults.call("refund", () -> delegate.refund(request));
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        return faults.call("cancelSubscription", () -> delegate.cancelSubscription(request));
    }

    @Override
    public List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        return delegate.parseWebhook(webhook);
    }

    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        return faults.call("pollEvents", () -> delegate.pollEvents(request));
    }

    @Override
    public EventPage recordedEvents(PollEventsRequest request) {
        return faults.call("recordedEvents", () -> delegate.recordedEvents(request));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
