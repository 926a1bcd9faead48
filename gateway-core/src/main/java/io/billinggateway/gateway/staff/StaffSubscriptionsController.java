package io.billinggateway.gateway.staff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.billing.HistoryEntry;
import io.billinggateway.gateway.billing.StatusHistory;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionSearch;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Staff search over subscriptions and one subscription with its charge attempts; {@code support} and
 * {@code billing_admin} read. Reads are not audited (the audit log records changes).
 */
@Controller("/v1/billing/admin/subscriptions")
@Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
@ExecuteOn(TaskExecutors.BLOCKING)
final class StaffSubscriptionsController {
    private static final List<String> SORTS = List.of("created", "nextcharge");
    private static final List<String> ORDERS = List.of("desc", "asc");

    private final Database database;
    private final SubscriptionRepository subscriptions;
    private final StaffReads reads;
    private final StatusHistory history;

    StaffSubscriptionsController(Database database, SubscriptionRepository subscriptions, StaffReads reads, StatusHistory history) {
        this.history = requireNonNull(history, "history is null");
        this.database = requireNonNull(database, "database is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.reads = requireNonNull(reads, "reads is null");
    }

    /** One subscription as staff see it, with its retry state; amounts are integer minor units of {@code token} as strings. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StaffSubscriptionView(UUID id, String userId, UUID planId, long termsVersion, String status, String network, String chainId,
                                 String providerId, String providerSubscriptionRef, UUID checkoutLedgerId, String token, String amount,
                                 String billingPeriod, Instant currentPeriodStart, Instant nextChargeAt, Instant retryAt, int failureCount,
                                 String lastError, Instant cancelRequestedAt, Instant cancelledAt, Instant createdAt) {
        static StaffSubscriptionView of(Subscription subscription) {
            return new StaffSubscriptionView(subscription.id(), subscription.userId(), subscription.planId(), subscription.termsVersion(),
                    subscription.status().value(), subscription.network(), subscription.chainId(), subscription.providerId(),
                    subscription.providerSubscriptionRef(), subscription.checkoutLedgerId(), subscription.token(), subscription.amount().toString(),
                    subscription.billingPeriod().iso(), subscription.currentPeriodStart(), subscription.nextChargeAt(), subscription.retryAt(),
                    subscription.failureCount(), subscription.lastError(), subscription.cancelRequestedAt(), subscription.cancelledAt(),
                    subscription.createdAt());
        }
    }

    /** One page; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SubscriptionPage(List<StaffSubscriptionView> items, @Nullable String nextCursor) {
    }

    /** One charge attempt of {@code billing_charge_attempt}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChargeAttemptView(UUID id, Instant periodStart, String outcome, String outcomeCode, String txHash, String gasUsed, String token,
                             String amount, String fee, String message, String workerId, Instant createdAt) {
        static ChargeAttemptView of(StaffReads.ChargeAttempt attempt) {
            return new ChargeAttemptView(attempt.id(), attempt.periodStart(), attempt.outcome(), attempt.outcomeCode(), attempt.txHash(),
                    text(attempt.gasUsed()), attempt.token(), text(attempt.amount()), text(attempt.fee()), attempt.message(), attempt.workerId(),
                    attempt.createdAt());
        }

        private static String text(BigInteger value) {
            return value == null ? null : value.toString();
        }
    }

    /**
     * The subscription, its most recent charge attempts, newest first (at most {@link StaffReads#MAX_ATTEMPTS}), and its
     * status history, oldest first.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SubscriptionDetail(StaffSubscriptionView subscription, List<ChargeAttemptView> chargeAttempts, List<HistoryEntry> history) {
    }

    /** One subscription with its retry state and charge attempts. */
    @Get("/{id}")
    SubscriptionDetail subscription(@PathVariable UUID id) {
        return database.inTransaction(connection -> {
            Subscription subscription = subscriptions.find(id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no subscription " + id));
            return new SubscriptionDetail(StaffSubscriptionView.of(subscription), reads.chargeAttempts(id).stream().map(ChargeAttemptView::of).toList(),
                    history.of(StatusHistory.SUBSCRIPTION, id));
        });
    }

    /** Searches every user's subscriptions: filters, sorting and cursor pages. */
    @Get
    SubscriptionPage search(@Nullable @QueryValue String status, @Nullable @QueryValue String network, @Nullable @QueryValue String plan,
                            @Nullable @QueryValue String user, @Nullable @QueryValue String nextChargeFrom, @Nullable @QueryValue String nextChargeTo,
                            @Nullable @QueryValue String sort, @Nullable @QueryValue String order, @Nullable @QueryValue String limit,
                            @Nullable @QueryValue String cursor) {
        Set<SubscriptionStatus> statuses = statuses(status);
        String networkName = QueryValues.text("network", network);
        UUID planId = QueryValues.uuid("plan", plan);
        String userId = QueryValues.text("user", user);
        Instant from = QueryValues.instant("nextChargeFrom", nextChargeFrom);
        Instant to = QueryValues.instant("nextChargeTo", nextChargeTo);
        SubscriptionSearch.Sort sortBy = QueryValues.oneOf("sort", sort == null ? null : sort.replace("_", ""), SORTS, "created").equals("created")
                ? SubscriptionSearch.Sort.CREATED : SubscriptionSearch.Sort.NEXT_CHARGE;
        boolean descending = QueryValues.oneOf("order", order, ORDERS, "desc").equals("desc");
        int pageSize = QueryValues.integer("limit", limit, 1, StaffPaymentsController.MAX_LIMIT, StaffPaymentsController.DEFAULT_LIMIT);

        String listing = PageCursor.fingerprint(String.join("\n", "subscriptions", statuses.stream().map(SubscriptionStatus::value).sorted().toList().toString(),
                String.valueOf(networkName), String.valueOf(planId), String.valueOf(userId), String.valueOf(from), String.valueOf(to), sortBy.name(),
                String.valueOf(descending)));
        SubscriptionSearch.Position after = position(PageCursor.decode(cursor, listing));

        // one more than a page tells whether another page follows
        List<Subscription> found = database.inTransaction(connection -> subscriptions.search(
                new SubscriptionSearch(statuses, networkName, planId, userId, from, to, sortBy, descending, after, pageSize + 1)));
        List<Subscription> page = found.subList(0, Math.min(pageSize, found.size()));
        String nextCursor = null;
        if (found.size() > pageSize) {
            Subscription last = page.getLast();
            nextCursor = new PageCursor(listing, sortBy.valueOf(last).toString(), last.id()).encode();
        }
        return new SubscriptionPage(page.stream().map(StaffSubscriptionView::of).toList(), nextCursor);
    }

    private static Set<SubscriptionStatus> statuses(String text) {
        Set<SubscriptionStatus> statuses = EnumSet.noneOf(SubscriptionStatus.class);
        if (text == null || text.isEmpty()) {
            return statuses;
        }
        List<String> allowed = Arrays.stream(SubscriptionStatus.values()).map(SubscriptionStatus::value).toList();
        for (String value : text.split(",", -1)) {
            statuses.add(SubscriptionStatus.of(QueryValues.oneOf("status", value.isEmpty() ? "," : value.strip(), allowed, null)));
        }
        return statuses;
    }

    private static SubscriptionSearch.Position position(PageCursor cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new SubscriptionSearch.Position(Instant.parse(cursor.value()), cursor.id());
        }
        catch (DateTimeParseException e) {
            throw new InvalidRequestException(List.of("cursor: is not a cursor this listing issued (pass nextCursor of the previous page unchanged)"));
        }
    }
}
