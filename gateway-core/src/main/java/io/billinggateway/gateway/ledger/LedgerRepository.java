package io.billinggateway.gateway.ledger;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.KeysetQuery;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Reads of ledger rows, in the caller's transaction; only the {@code billing} package changes them. */
@Singleton
public final class LedgerRepository {
    private final Database database;

    public LedgerRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    public Optional<LedgerEntry> find(UUID id) {
        return database.queryOne("SELECT * FROM payment_transactions WHERE id = ?", LedgerRepository::entry, id);
    }

    public Optional<LedgerEntry> findByReference(String network, String providerReference) {
        return database.queryOne("SELECT * FROM payment_transactions WHERE network = ? AND provider_reference = ?", LedgerRepository::entry, network, providerReference);
    }

    public Optional<LedgerEntry> findByTransaction(String network, String txHash) {
        return database.query("SELECT * FROM payment_transactions WHERE network = ? AND tx_hash = ? ORDER BY created_at", LedgerRepository::entry, network, txHash)
                .stream().findFirst();
    }

    /** Whether another payment than {@code except} of the subscription is booked on the provider's transaction {@code txHash}. */
    public boolean bookedElsewhere(String network, UUID subscriptionId, String txHash, UUID except) {
        return database.queryOne("SELECT id FROM payment_transactions WHERE network = ? AND tx_hash = ? AND subscription_id = ? AND id <> ? LIMIT 1",
                row -> Database.uuid(row, "id"), network, txHash, subscriptionId, except).isPresent();
    }

    /** A user's payments, newest first. */
    public List<LedgerEntry> forUser(String userId, int limit) {
        return database.query("SELECT * FROM payment_transactions WHERE user_id = ? ORDER BY created_at DESC, id LIMIT ?", LedgerRepository::entry, userId, limit);
    }

    /**
     * One page of a staff search: at most {@code search.limit()} entries in the search's order, after its position.
     * Every value is a bind parameter; the column names come from {@link PaymentSearch.Sort} only.
     */
    public List<LedgerEntry> search(PaymentSearch search) {
        KeysetQuery query = new KeysetQuery("payment_transactions")
                .in("status", search.statuses().stream().map(LedgerStatus::value).toList())
                .where("network = ?", search.network())
                .where("provider_id = ?", search.providerId())
                .where("token = ?", search.token())
                .where("plan_id = ?", search.planId())
                .where("user_id = ?", search.userId())
                .where("created_at >= ?", search.createdFrom())
                .where("created_at < ?", search.createdTo())
                .where("confirmed_at >= ?", search.confirmedFrom())
                .where("confirmed_at < ?", search.confirmedTo())
                .where("amount >= ?", search.amountMin())
                .where("amount <= ?", search.amountMax());
        if (search.sort() == PaymentSearch.Sort.CONFIRMED) {
            query.notNull("confirmed_at");
        }
        PaymentSearch.Position after = search.after();
        return query.page(database, LedgerRepository::entry, search.sort().column(), search.descending(),
                after == null ? null : after.value(), after == null ? null : after.id(), search.limit());
    }

    public static LedgerEntry entry(ResultSet row) throws SQLException {
        return new LedgerEntry(Database.uuid(row, "id"), row.getString("user_id"), row.getString("network"), row.getString("chain_id"),
                row.getString("provider_id"), row.getString("product_type"), row.getString("product_id"), Database.uuid(row, "plan_id"),
                Database.uuid(row, "subscription_id"), row.getString("token"), Database.integer(row, "amount"), Database.integer(row, "refunded_amount"),
                LedgerStatus.of(row.getString("status")), row.getString("provider_reference"), row.getString("tx_hash"), row.getString("payload"),
                row.getString("failure_reason"), Database.instant(row, "confirmed_at"), Database.instant(row, "created_at"),
                Database.instant(row, "updated_at"), row.getLong("row_version"));
    }
}
