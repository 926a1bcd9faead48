package io.billinggateway.router;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The provider of one network as everyone in the gateway holds it, so that run-time settings can replace the provider
 * behind it without anyone noticing.
 *
 * <p>Each call runs on one generation of the provider from start to end: {@link #replaceStopped} waits until every call
 * running on the old provider has returned, holding new calls back meanwhile, closes the old provider, creates the new
 * one and lets the held calls go to it. A call is never moved, cut or repeated, and no call reaches a closed provider.
 */
final class SwappableBillingProvider implements BillingProvider {
    private final AtomicReference<Generation> current;

    SwappableBillingProvider(BillingProvider initial) {
        this.current = new AtomicReference<>(new Generation(requireNonNull(initial, "initial is null")));
    }

    /** One provider instance and the calls running on it: each call holds the read lock, retiring takes the write lock. */
    private static final class Generation {
        private final BillingProvider provider;
        private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();
        private volatile boolean retired;

        private Generation(BillingProvider provider) {
            this.provider = provider;
        }
    }

    /**
     * Replaces the provider between calls: waits for the calls running now to return while holding new ones back,
     * closes the current provider, and lets the held calls go to what {@code create} returns. The two providers never
     * run side by side. Called by one thread at a time per network (the router serialises replacements). When {@code create} fails, {@code restore} (the previous configuration) is created
     * instead and the failure is rethrown; when that fails too, calls fail with {@code unavailable} until the next
     * replacement.
     */
    void replaceStopped(Supplier<BillingProvider> create, Supplier<BillingProvider> restore, Function<RuntimeException, BillingProvider> unavailable) {
        Generation previous = current.get();
        previous.calls.writeLock().lock();
        try {
            previous.provider.close();
            RuntimeException failure = null;
            BillingProvider next;
            try {
                next = create.get();
            }
            catch (RuntimeException e) {
                failure = e;
                try {
                    next = restore.get();
                }
                catch (RuntimeException restoreFailure) {
                    e.addSuppressed(restoreFailure);
                    next = unavailable.apply(restoreFailure);
                }
            }
            current.set(new Generation(next));
            previous.retired = true;
            if (failure != null) {
                throw failure;
            }
        }
        finally {
            previous.calls.writeLock().unlock();
        }
    }

    /** The provider serving new calls; for tests. */
    BillingProvider current() {
        return current.get().provider;
    }

    private <T> T call(Function<BillingProvider, T> operation) {
        while (true) {
            Generation generation = current.get();
            generation.calls.readLock().lock();
            try {
                // A call held back while the generation was retired goes round again to the new one.
                if (!generation.retired) {
                    return operation.apply(generation.provider);
                }
            }
            finally {
                generation.calls.readLock().unlock();
            }
        }
    }

    @Override
    public NetworkDescription describe() {
        return call(BillingProvider::describe);
    }

    @Override
    public HealthReport health() {
        return call(BillingProvider::health);
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        return call(provider -> provider.registerPlan(request));
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        return call(provider -> provider.changePlanStatus(request));
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        return call(provider -> provider.checkout(request));
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        return call(provider -> provider.chargeBatch(request));
    }

    @Override
    public Refund refund(RefundRequest request) {
        return call(provider -> provider.refund(request));
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        return call(provider -> provider.cancelSubscription(request));
    }

    @Override
    public List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        return call(provider -> provider.parseWebhook(webhook));
    }

    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        return call(provider -> provider.pollEvents(request));
    }

    @Override
    public EventPage recordedEvents(PollEventsRequest request) {
        return call(provider -> provider.recordedEvents(request));
    }

    /** Closes the provider serving now; a provider already replaced was closed by {@link #replaceStopped}. */
    @Override
    public void close() {
        current.get().provider.close();
    }
}
