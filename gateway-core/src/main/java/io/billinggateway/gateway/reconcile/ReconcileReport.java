package io.billinggateway.gateway.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one reconciliation run found on one network: every difference, and how many remain after {@code fix}.
 *
 * @param providerEvents how many of the provider's records since {@code since} were compared
 * @param remaining differences this run did not fix (all of them without {@code fix}); the CLI exits 3 when positive
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReconcileReport(String network, Instant since, boolean fix, int providerEvents, int remaining, List<Difference> differences) {
    public ReconcileReport {
        requireNonNull(network, "network is null");
        requireNonNull(since, "since is null");
        differences = List.copyOf(differences);
    }

    static ReconcileReport of(String network, Instant since, boolean fix, int providerEvents, List<Difference> differences) {
        return new ReconcileReport(network, since, fix, providerEvents, (int) differences.stream().filter(difference -> !difference.fixed()).count(),
                differences);
    }
}
