package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.RegisterPlanRequest;

import static java.util.Objects.requireNonNull;

/**
 * Stands in for a network whose provider could be re-created neither with new settings nor with its previous ones:
 * every call fails with {@link ErrorCode#NETWORK_UNAVAILABLE} (retryable) saying so, and health reports it down, until
 * the next change of the network's settings replaces it.
 */
final class UnavailableBillingProvider implements BillingProvider {
    private final String network;
    private final String providerId;
    private final String reason;

    UnavailableBillingProvider(String network, String providerId, String reason) {
        this.network = requireNonNull(network, "network is null");
        this.providerId = requireNonNull(providerId, "providerId is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private BillingException unavailable() {
        return new BillingException(ErrorCode.NETWORK_UNAVAILABLE, reason + " (provider '" + providerId + "', network '" + network + "')");
    }

    @Override
    public NetworkDescription describe() {
        throw unavailable();
    }

    @Override
    public HealthReport health() {
        return HealthReport.down(reason);
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        throw unavailable();
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        throw unavailable();
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        throw unavailable();
    }
}
