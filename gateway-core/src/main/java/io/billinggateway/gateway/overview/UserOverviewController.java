package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.subscription.Subscription;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One user's billing as support sees it (seed 004 §5.3): payments and subscriptions in time order, and totals per asset.
 * Staff roles only: a user reads their own through {@code /v1/billing/me/history}, never someone else's here. Not cached.
 */
@Controller("/v1/billing/overview/users/{userId}")
@Secured({Roles.FINANCE_OPS, Roles.SUPPORT, Roles.BILLING_ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
final class UserOverviewController {
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 100;
    private static final List<String> ORDERS = List.of("desc", "asc");

    private final Database database;
    private final UserActivity activity;

    UserOverviewController(Database database, UserActivity activity) {
        this.database = requireNonNull(database, "database is null");
        this.activity = requireNonNull(activity, "activity is null");
    }

    /**
     * One event of the user's history: a payment ({@code kind = payment}) or a subscription ({@code kind = subscription}),
     * at the time it was created. Fields that do not apply to the kind are absent.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HistoryEntry(String kind, Instant at, UUID id, String status, String network, String token, String amount, UUID planId,
                        String productType, UUID subscriptionId, String refundedAmount, String txHash, String failureReason, Instant confirmedAt,
                        String billingPeriod, Instant nextChargeAt, Instant cancelledAt, String lastError) {
        static HistoryEntry of(LedgerEntry payment) {
            return new HistoryEntry("payment", payment.createdAt(), payment.id(), payment.status().value(), payment.network(), payment.token(),
                    payment.amount().toString(), payment.planId(), payment.productType(), payment.subscriptionId(), payment.refundedAmount().toString(),
                    payment.txHash(), payment.failureReason(), payment.confirmedAt(), null, null, null, null);
        }

        static HistoryEntry of(Subscription subscription) {
            return new HistoryEntry("subscription", subscription.createdAt(), subscription.id(), subscription.status().value(), subscription.network(),
                    subscription.token(), subscription.amount().toString(), subscription.planId(), null, null, null, null, null, null,
                    subscription.billingPeriod() == null ? null : subscription.billingPeriod().iso(), subscription.nextChargeAt(),
                    subscription.cancelledAt(), subscription.lastError());
        }
    }

    /** {@code truncated}: the user has more payments than {@code limit}; the oldest were left out. */
    @Serdeable
    record History(String userId, List<HistoryEntry> items, boolean truncated) {
    }

    /** One asset's payments of the user; {@code net} is {@code paid - refunded}. */
    @Serdeable
    record AssetTotals(String network, String token, long payments, long confirmed, long pending, long failed, long refunded, String paid,
                       String refundedAmount, String net) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LastFailure(UUID paymentId, Instant at, String network, String token, String amount, String failureReason) {
    }

    /** {@code lastFailure} is absent when no payment of the user failed. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(String userId, List<AssetTotals> totals, Map<String, Long> subscriptions, List<HistoryEntry> activeSubscriptions,
                   LastFailure lastFailure) {
    }

    /** One user's payments and subscriptions in time order, for support. */
    @Get("/history")
    History userHistory(@PathVariable String userId, @Nullable @QueryValue String limit, @Nullable @QueryValue String order) {
        String user = userId(userId);
        int size = QueryValues.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        boolean ascending = QueryValues.oneOf("order", order, ORDERS, "desc").equals("asc");
        return database.inTransaction(connection -> {
            List<LedgerEntry> payments = activity.payments(user, size + 1);
            List<HistoryEntry> items = new ArrayList<>();
            payments.stream().limit(size).map(HistoryEntry::of).forEach(items::add);
            activity.subscriptions(user).stream().map(HistoryEntry::of).forEach(items::add);
            // a subscription and its checkout payment are created together: kind then id keep the order of ties stable
            Comparator<HistoryEntry> time = Comparator.comparing(HistoryEntry::at).thenComparing(HistoryEntry::kind).thenComparing(entry -> entry.id().toString());
            items.sort(ascending ? time : time.reversed());
            requireKnown(items.isEmpty());
            return new History(user, items, payments.size() > size);
        });
    }

    /** One user's totals per asset and their last failure. */
    @Get("/summary")
    Summary userSummary(@PathVariable String userId) {
        String user = userId(userId);
        return database.inTransaction(connection -> {
            Map<Asset, List<UserActivity.PaymentTotal>> byAsset = new TreeMap<>();
            activity.paymentTotals(user).forEach(total -> byAsset.computeIfAbsent(total.asset(), ignored -> new ArrayList<>()).add(total));
            List<AssetTotals> totals = byAsset.entrySet().stream().map(entry -> totals(entry.getKey(), entry.getValue())).toList();
            List<Subscription> subscriptions = activity.subscriptions(user);
            requireKnown(totals.isEmpty() && subscriptions.isEmpty());
            Map<String, Long> byStatus = new TreeMap<>();
            subscriptions.forEach(subscription -> byStatus.merge(subscription.status().value(), 1L, Long::sum));
            List<HistoryEntry> active = subscriptions.stream().filter(subscription -> !subscription.status().ended()).map(HistoryEntry::of).toList();
            LastFailure lastFailure = activity.lastFailure(user)
                    .map(payment -> new LastFailure(payment.id(), payment.createdAt(), payment.network(), payment.token(), payment.amount().toString(),
                            payment.failureReason()))
                    .orElse(null);
            return new Summary(user, totals, byStatus, active, lastFailure);
        });
    }

    private static AssetTotals totals(Asset asset, List<UserActivity.PaymentTotal> rows) {
        long payments = 0;
        long confirmed = 0;
        long pending = 0;
        long failed = 0;
        long refunded = 0;
        BigInteger paid = BigInteger.ZERO;
        BigInteger refundedAmount = BigInteger.ZERO;
        for (UserActivity.PaymentTotal row : rows) {
            payments += row.payments();
            switch (row.status()) {
                case "confirmed" -> confirmed += row.payments();
                case "pending" -> pending += row.payments();
                case "failed" -> failed += row.payments();
                case "refunded" -> refunded += row.payments();
                default -> {
                    // a status this summary does not know counts in payments only
                }
            }
            if (row.status().equals("confirmed") || row.status().equals("refunded")) {
                paid = paid.add(row.amount());
                refundedAmount = refundedAmount.add(row.refunded());
            }
        }
        return new AssetTotals(asset.network(), asset.token(), payments, confirmed, pending, failed, refunded, paid.toString(), refundedAmount.toString(),
                paid.subtract(refundedAmount).toString());
    }

    /** The gateway keeps no user table: a user is known by their payments and subscriptions, and a mistyped id should say so. */
    private static void requireKnown(boolean nothingFound) {
        if (nothingFound) {
            throw new BillingException(ErrorCode.NOT_FOUND, "no payment or subscription belongs to this user id (user ids are the subjects of users' tokens)");
        }
    }

    private static String userId(String text) {
        return QueryValues.text("userId", text);
    }
}
