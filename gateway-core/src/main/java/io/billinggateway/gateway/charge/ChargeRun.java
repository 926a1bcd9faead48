package io.billinggateway.gateway.charge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one round of a network's lane did (seed D3: processed, charged, skipped, failed, errors).
 *
 * @param processed subscriptions handed to the provider (or, in a dry run, found due)
 * @param pending submitted, outcome not final yet
 * @param errors one line per failure, with the subscription; always present, empty when nothing failed
 */
@Serdeable
public record ChargeRun(String network, boolean dryRun, int processed, int charged, int skipped, int failed, int pending,
                        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> errors) {
    static ChargeRun empty(String network, boolean dryRun) {
        return new ChargeRun(network, dryRun, 0, 0, 0, 0, 0, List.of());
    }

    ChargeRun plus(ChargeRun other) {
        List<String> allErrors = new java.util.ArrayList<>(errors);
        allErrors.addAll(other.errors);
        return new ChargeRun(network, dryRun, processed + other.processed, charged + other.charged, skipped + other.skipped,
                failed + other.failed, pending + other.pending, allErrors);
    }
}
