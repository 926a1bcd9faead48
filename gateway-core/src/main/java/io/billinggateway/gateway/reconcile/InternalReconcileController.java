package io.billinggateway.gateway.reconcile;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.input.Text;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /internal/billing/reconcile}, for the service token only: the same reconciliation as
 * {@code gateway billing-reconcile}, for a scheduler or an operator's tool that already calls the internal API.
 */
@Controller("/internal/billing")
@Secured(Roles.SERVICE)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InternalReconcileController {
    /** Who the status history names for fixes asked for over this endpoint. */
    static final String ACTOR = "service-token";

    private final Reconciler reconciler;
    private final Clock clock;

    InternalReconcileController(Reconciler reconciler, Clock clock) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param network the network to reconcile (required)
     * @param since an ISO-8601 instant or date; default 30 days ago
     * @param fix apply the provider's record through the billing transitions (default false: report only)
     */
    @Serdeable
    record ReconcileRequest(@Nullable @Text(maxLength = 32) String network, @Nullable @Text(maxLength = 64) String since, @Nullable Boolean fix) {
    }

    /**
     * Reconcile a network with its provider.
     *
     * <p>Compares what the provider recorded since {@code since} with the ledger and subscriptions and returns every
     * difference; with {@code fix} the fixable ones are applied and marked {@code fixed}. {@code remaining} counts the rest.
     */
    @Post("/reconcile")
    ReconcileReport reconcile(@Nullable @Body ReconcileRequest request) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        if (request == null || request.network() == null || request.network().isBlank()) {
            errors.add("network", "is required: the name of the network to reconcile");
        }
        Optional<Instant> since = request == null || request.since() == null ? Optional.empty() : ReconcileCommand.since(request.since());
        if (request != null && request.since() != null && since.isEmpty()) {
            errors.add("since", "must be an ISO-8601 instant (2026-11-01T00:00:00Z) or date (2026-11-01)");
        }
        Instant now = clock.instant();
        if (since.isPresent() && since.get().isAfter(now)) {
            errors.add("since", "must not be in the future");
        }
        errors.throwIfAny();
        return reconciler.reconcile(request.network(), since.orElse(now.minus(ReconcileCommand.DEFAULT_WINDOW)), Boolean.TRUE.equals(request.fix()), ACTOR);
    }
}
