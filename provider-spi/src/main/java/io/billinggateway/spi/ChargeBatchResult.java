package io.billinggateway.spi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One outcome per requested item, in the order of the request. */
public record ChargeBatchResult(List<ChargeOutcome> outcomes) {
    public ChargeBatchResult {
        outcomes = List.copyOf(requireNonNull(outcomes, "outcomes is null"));
    }
}
