package io.billinggateway.gateway.subscription;

import io.billinggateway.gateway.plan.BillingPeriod;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.KeysetQuery;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Reads of subscription rows, in the caller's transaction; only the {@code billing} package changes them. */
@Singleton
public final class SubscriptionRepository {
    private final Database database;

    public SubscriptionRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    public Optional<Subscription> find(UUID id) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE id = ?", SubscriptionRepository::subscription, id);
    }

    public Optional<Subscription> findByCheckout(UUID checkoutLedgerId) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE checkout_ledger_id = ?", SubscriptionRepository::subscription, checkoutLedgerId);
    }

    public Optional<Subscription> findByProviderRef(String network, String providerSubscriptionRef) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE network = ? AND provider_subscription_ref = ?",
                SubscriptionRepository::subscription, network, providerSubscriptionRef);
    }

    public List<Subscription> forUser(String userId) {
        return database.query("SELECT * FROM billing_subscription_state WHERE user_id = ? ORDER BY created_at DESC, id", SubscriptionRepository::subscription, userId);
    }

    /**
     * One page of a staff search: at most {@code search.limit()} subscriptions in the search's order, after its position.
     * Every value is a bind parameter; the column names come from {@link SubscriptionSearch.Sort} only.
     */
    public List<Subscription> search(SubscriptionSearch search) {
        KeysetQuery query = new KeysetQuery("billing_subscription_state")
                .in("status", search.statuses().stream().map(SubscriptionStatus::value).toList())
                .where("network = ?", search.network())
                .where("plan_id = ?", search.planId())
                .where("user_id = ?", search.userId())
                .where("next_charge_at >= ?", search.nextChargeFrom())
                .where("next_charge_at < ?", search.nextChargeTo());
        if (search.sort() == SubscriptionSearch.Sort.NEXT_CHARGE) {
            query.notNull("next_charge_at");
        }
        SubscriptionSearch.Position after = search.after();
        return query.page(database, SubscriptionRepository::subscription, search.sort().column(), search.descending(),
                after == null ? null : after.value(), after == null ? null : after.id(), search.limit());
    }

    public static Subscription subscription(ResultSet row) throws SQLException {
        return new Subscription(Database.uuid(row, "id"), row.getString("user_id"), Database.uuid(row, "plan_id"), row.getLong("terms_version"),
                row.getString("network"), row.getString("chain_id"), row.getString("provider_id"), row.getString("provider_subscription_ref"),
                Database.uuid(row, "checkout_ledger_id"), row.getString("token"), Database.integer(row, "amount"),
                BillingPeriod.fromColumns(Database.nullableLong(row, "billing_period_seconds"), Database.nullableLong(row, "billing_period_months"))
                        .orElseThrow(() -> new IllegalStateException("a subscription row has neither billing_period_seconds nor billing_period_months")),
                SubscriptionStatus.of(row.getString("status")),
                Database.instant(row, "current_period_start"), Database.instant(row, "next_charge_at"), Database.instant(row, "retry_at"),
                row.getInt("failure_count"), row.getString("last_error"), Database.instant(row, "cancel_requested_at"), Database.instant(row, "cancelled_at"),
                Database.instant(row, "created_at"), Database.instant(row, "updated_at"), row.getLong("row_version"));
    }
}
