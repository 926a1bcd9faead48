package io.billinggateway.spi;

import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * A plan as registered on one network.
 *
 * @param providerPlanRef the provider's id of the plan (a PSP price id, an on-chain plan id); later requests use it
 * @param status the plan's status on the network after registration
 * @param planHash the hash of the signed plan terms, for providers with {@link Capability#PLAN_SIGNATURES}
 * @param authorSignature the author's signature over {@code planHash}, for providers with {@link Capability#PLAN_SIGNATURES}
 * @param transactionRef the transaction that registered the plan, if registration happened on a chain
 */
public record PlanRegistration(
        String providerPlanRef,
        PlanStatus status,
        Optional<String> planHash,
        Optional<String> authorSignature,
        Optional<String> transactionRef) {
    public PlanRegistration {
        requireText(providerPlanRef, "providerPlanRef");
        requireNonNull(status, "status is null");
        requireNonNull(planHash, "planHash is null");
        requireNonNull(authorSignature, "authorSignature is null");
        requireNonNull(transactionRef, "transactionRef is null");
    }
}
