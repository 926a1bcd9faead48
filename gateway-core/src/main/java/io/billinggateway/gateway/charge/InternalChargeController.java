package io.billinggateway.gateway.charge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.input.Range;
import io.billinggateway.gateway.input.Text;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.Capability;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** The internal worker API (seed D3), for the service token only: run a charge round, list what is due. */
@Controller("/internal/billing")
@Secured(Roles.SERVICE)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InternalChargeController {
    static final int MAX_LIMIT = 10_000;
    private final ChargeWorker worker;
    private final ChargeQueue queue;
    private final ProviderRouter router;
    private final Clock clock;

    InternalChargeController(ChargeWorker worker, ChargeQueue queue, ProviderRouter router, Clock clock) {
        this.worker = requireNonNull(worker, "worker is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.router = requireNonNull(router, "router is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param network one network, or every network with recurring charges when absent
     * @param dryRun report what is due without charging
     * @param limit most subscriptions per network, 1 to {@value #MAX_LIMIT} (default 1000)
     */
    @Serdeable
    record ChargeRequest(@Nullable @Text(maxLength = 32) String network, @Nullable Boolean dryRun, @Nullable @Range(min = 1, max = MAX_LIMIT) Integer limit) {
    }

    /** Totals over the networks charged, and each network's run. */
    @Serdeable
    record ChargeResponse(int processed, int charged, int skipped, int failed, int pending, @JsonInclude(JsonInclude.Include.ALWAYS) List<String> errors,
                          List<ChargeRun> networks) {
    }

    /** Runs one charge round now: renews the subscriptions that are due, on one network or all of them; {@code dryRun} only counts. */
    @Post("/charge")
    ChargeResponse charge(@Nullable @Body ChargeRequest request) {
        ChargeRequest effective = request == null ? new ChargeRequest(null, false, null) : request;
        boolean dryRun = Boolean.TRUE.equals(effective.dryRun());
        int limit = effective.limit() == null ? 1000 : effective.limit();
        List<ChargeRun> runs = networks(effective.network()).stream().map(network -> worker.run(network.name(), dryRun, limit)).toList();
        return new ChargeResponse(
                runs.stream().mapToInt(ChargeRun::processed).sum(),
                runs.stream().mapToInt(ChargeRun::charged).sum(),
                runs.stream().mapToInt(ChargeRun::skipped).sum(),
                runs.stream().mapToInt(ChargeRun::failed).sum(),
                runs.stream().mapToInt(ChargeRun::pending).sum(),
                runs.stream().flatMap(run -> run.errors().stream()).toList(),
                runs);
    }

    /** A due subscription (seed D3: the list of debts). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Due(UUID subscriptionId, String network, String userId, String status, String token, String amount, Instant dueAt, int failureCount, String lastError) {
        static Due of(Subscription subscription) {
            return new Due(subscription.id(), subscription.network(), subscription.userId(), subscription.status().value(), subscription.token(),
                    subscription.amount().toString(), subscription.retryAt() != null ? subscription.retryAt() : subscription.nextChargeAt(),
                    subscription.failureCount(), subscription.lastError());
        }
    }

    /** Subscriptions due for a charge now, per network, without charging them. */
    @Get("/dues")
    List<Due> dues(@Nullable @QueryValue String network, @Nullable @QueryValue String limit) {
        int bounded = QueryValues.integer("limit", limit, 1, 1000, 100);
        return networks(network).stream().flatMap(routed -> queue.due(routed.name(), bounded, clock.instant(), LaneSettings.of(routed).cancelRequestExpiry()).stream()).map(Due::of).toList();
    }

    private List<RoutedNetwork> networks(String name) {
        if (name != null && !name.isBlank()) {
            return List.of(router.resolve(name));
        }
        return router.networks().stream().filter(network -> network.describe().supports(Capability.RECURRING_CHARGE)).toList();
    }
}
