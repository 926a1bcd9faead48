package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The SQL of the overview figures: aggregates over one window each, served by the indexes of V11 (so a window reads
 * its own rows, not the table). Every method runs in the caller's transaction, if any.
 */
@Singleton
final class OverviewQueries {
    private final Database database;

    OverviewQueries(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** Per network: delays from creation to confirmation of payments confirmed in the window, as percentiles in seconds. */
    record ConfirmationDelay(Long p50Seconds, Long p95Seconds) {
    }

    /** Per network: subscriptions due for a charge and since when the oldest is due. */
    record Backlog(long due, Instant oldestDueAt) {
    }

    PaymentFlows flows(ReportWindow window) {
        Map<String, Map<String, Long>> created = new TreeMap<>();
        database.query("""
                SELECT network, status, COUNT(*) AS payments FROM payment_transactions WHERE created_at >= ? AND created_at < ?
                GROUP BY network, status""",
                row -> created.computeIfAbsent(row.getString("network"), ignored -> new TreeMap<>()).put(row.getString("status"), row.getLong("payments")),
                window.from(), window.to());
        AssetAmounts revenue = new AssetAmounts();
        database.query("""
                SELECT network, token, SUM(amount) AS amount FROM payment_transactions WHERE confirmed_at >= ? AND confirmed_at < ?
                GROUP BY network, token""",
                row -> revenue.add(new Asset(row.getString("network"), row.getString("token")), Database.integer(row, "amount")),
                window.from(), window.to());
        AssetAmounts refunds = new AssetAmounts();
        long refundCount = database.query("""
                SELECT p.network, p.token, SUM(r.amount) AS amount, COUNT(*) AS refunds
                FROM billing_refunds r JOIN payment_transactions p ON p.id = r.ledger_id
                WHERE r.created_at >= ? AND r.created_at < ? GROUP BY p.network, p.token""",
                row -> {
                    refunds.add(new Asset(row.getString("network"), row.getString("token")), Database.integer(row, "amount"));
                    return row.getLong("refunds");
                }, window.from(), window.to()).stream().mapToLong(Long::longValue).sum();
        AssetAmounts fees = new AssetAmounts();
        Map<String, Map<String, Long>> attempts = new TreeMap<>();
        database.query("""
                SELECT network, payment_token, outcome, COUNT(*) AS attempts, SUM(fee) AS fee FROM billing_charge_attempt
                WHERE created_at >= ? AND created_at < ? GROUP BY network, payment_token, outcome""",
                row -> {
                    attempts.computeIfAbsent(row.getString("network"), ignored -> new TreeMap<>())
                            .merge(row.getString("outcome"), row.getLong("attempts"), Long::sum);
                    if (row.getString("outcome").equals("charged")) {
                        fees.add(new Asset(row.getString("network"), row.getString("payment_token")), Database.integer(row, "fee"));
                    }
                    return null;
                }, window.from(), window.to());
        return new PaymentFlows(created, revenue, refunds, refundCount, fees, attempts);
    }

    /**
     * Subscriptions active at some instant of {@code [from, to)}: activated (checkout payment confirmed) before {@code to}
     * and not ended before {@code from}. A subscription's checkout payment is always a {@code plan_subscription}
     * (CheckoutService); saying so lets the join read V11's index of those payments instead of the whole ledger.
     */
    SubscriptionSpans subscriptions(Instant from, Instant to) {
        return new SubscriptionSpans(database.query("""
                SELECT s.user_id, s.plan_id, s.network, s.token, s.amount, s.billing_period_seconds, s.billing_period_months,
                       p.confirmed_at AS activated_at, s.cancelled_at AS ended_at
                FROM billing_subscription_state s JOIN payment_transactions p ON p.id = s.checkout_ledger_id
                WHERE p.product_type = 'plan_subscription' AND p.confirmed_at IS NOT NULL AND p.confirmed_at < ?
                  AND (s.cancelled_at IS NULL OR s.cancelled_at >= ?)""",
                row -> new SubscriptionSpan(row.getString("user_id"), Database.uuid(row, "plan_id"), new Asset(row.getString("network"), row.getString("token")),
                        Database.integer(row, "amount"), Database.nullableLong(row, "billing_period_seconds"), nullableInteger(row, "billing_period_months"),
                        Database.instant(row, "activated_at"), Database.instant(row, "ended_at")),
                to, from));
    }

    /** Nearest-rank percentiles (PERCENTILE_DISC) per network of payments confirmed in the window. */
    Map<String, ConfirmationDelay> confirmationDelays(ReportWindow window) {
        Map<String, ConfirmationDelay> delays = new HashMap<>();
        database.query("""
                SELECT network,
                       PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY FLOOR(EXTRACT(EPOCH FROM confirmed_at) - EXTRACT(EPOCH FROM created_at))) AS p50,
                       PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY FLOOR(EXTRACT(EPOCH FROM confirmed_at) - EXTRACT(EPOCH FROM created_at))) AS p95
                FROM payment_transactions WHERE confirmed_at >= ? AND confirmed_at < ? GROUP BY network""",
                row -> delays.put(row.getString("network"), new ConfirmationDelay(row.getBigDecimal("p50").longValue(), row.getBigDecimal("p95").longValue())),
                window.from(), window.to());
        return delays;
    }

    /** Per network, as of {@code now}: the charge lane's due subscriptions (ChargeQueue's due rule without leases). */
    Map<String, Backlog> backlogs(Instant now) {
        Map<String, Backlog> backlogs = new HashMap<>();
        database.query("""
                SELECT network, COUNT(*) AS due, MIN(CASE WHEN status = 'past_due' THEN retry_at ELSE next_charge_at END) AS oldest
                FROM billing_subscription_state
                WHERE (status = 'active' AND next_charge_at <= ?) OR (status = 'past_due' AND retry_at <= ?) GROUP BY network""",
                row -> backlogs.put(row.getString("network"), new Backlog(row.getLong("due"), Database.instant(row, "oldest"))),
                now, now);
        return backlogs;
    }

    /** Plan id to slug and name. */
    Map<UUID, PlanName> planNames() {
        Map<UUID, PlanName> names = new HashMap<>();
        database.query("SELECT id, slug, name FROM billing_plans", row -> names.put(Database.uuid(row, "id"), new PlanName(row.getString("slug"), row.getString("name"))));
        return names;
    }

    record PlanName(String slug, String name) {
    }

    private static Integer nullableInteger(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
