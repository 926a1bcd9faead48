package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Payments stuck in {@code pending} (seed 004 §5.2: the ledger disagrees with the chain): {@code GET
 * /v1/billing/overview/payouts?status=pending&olderThan=PT15M}, oldest first. Only {@code pending} can be stuck: the
 * other statuses are final. Not cached: support reads it while fixing what it shows.
 */
@Controller("/v1/billing/overview/payouts")
@Secured({Roles.FINANCE_OPS, Roles.SUPPORT, Roles.BILLING_ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
final class StuckPaymentsController {
    static final Duration DEFAULT_OLDER_THAN = Duration.ofMinutes(15);
    static final Duration MIN_OLDER_THAN = Duration.ofMinutes(1);
    static final Duration MAX_OLDER_THAN = Duration.ofDays(366);
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 100;

    private final Database database;
    private final UserActivity activity;
    private final Clock clock;

    StuckPaymentsController(Database database, UserActivity activity, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.activity = requireNonNull(activity, "activity is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A payment pending for {@code ageSeconds}; amounts in minor units of {@code token}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StuckPaymentView(UUID id, String userId, String network, String chainId, String providerId, String productType, UUID planId,
                            UUID subscriptionId, String token, String amount, String providerReference, String txHash, Instant createdAt, long ageSeconds) {
    }

    /** {@code total} counts every match; {@code items} holds the oldest {@code limit}. */
    @Serdeable
    record StuckPayments(String status, String olderThan, Instant createdBefore, long total, List<StuckPaymentView> items) {
    }

    /** Payments stuck in a status (pending) for longer than a duration, oldest first. */
    @Get
    StuckPayments stuck(@Nullable @QueryValue String status, @Nullable @QueryValue String olderThan, @Nullable @QueryValue String network,
                        @Nullable @QueryValue String limit) {
        QueryValues.oneOf("status", status, List.of("pending"), "pending");
        Duration age = olderThan(olderThan);
        String networkName = QueryValues.text("network", network);
        int size = QueryValues.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        Instant now = clock.instant();
        Instant createdBefore = now.minus(age);
        return database.inTransaction(connection -> new StuckPayments("pending", age.toString(), createdBefore,
                activity.countPendingSince(createdBefore, networkName),
                activity.pendingSince(createdBefore, networkName, size).stream()
                        .map(payment -> new StuckPaymentView(payment.id(), payment.userId(), payment.network(), payment.chainId(), payment.providerId(),
                                payment.productType(), payment.planId(), payment.subscriptionId(), payment.token(), payment.amount().toString(),
                                payment.providerReference(), payment.txHash(), payment.createdAt(), Duration.between(payment.createdAt(), now).toSeconds()))
                        .toList()));
    }

    private static Duration olderThan(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_OLDER_THAN;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.compareTo(MIN_OLDER_THAN) >= 0 && duration.compareTo(MAX_OLDER_THAN) <= 0) {
                return duration;
            }
        }
        catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new InvalidRequestException(List.of("olderThan: must be an ISO-8601 duration from PT1M to P366D, e.g. PT15M"));
    }
}
