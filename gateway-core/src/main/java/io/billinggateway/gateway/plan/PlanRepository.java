package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.spi.PlanStatus;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Plans and their network registrations. Every method runs in the caller's transaction. */
@Singleton
final class PlanRepository {
    private final Database database;

    PlanRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    void insert(Plan plan) {
        database.update("""
                INSERT INTO billing_plans (id, slug, name, description, billing_period_seconds, billing_period_months, status, terms_version, created_at,
                       updated_at, row_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                plan.id(), plan.slug(), plan.name(), plan.description(), BillingPeriod.secondsColumn(plan.billingPeriod()), BillingPeriod.monthsColumn(plan.billingPeriod()),
                plan.status(), plan.termsVersion(), plan.createdAt(), plan.updatedAt(), plan.rowVersion());
    }

    /** Writes a changed plan if nobody changed it since {@code expectedRowVersion}; returns whether it did. */
    boolean update(Plan plan, long expectedRowVersion) {
        return database.update("""
                UPDATE billing_plans SET name = ?, description = ?, billing_period_seconds = ?, billing_period_months = ?, status = ?, terms_version = ?,
                       updated_at = ?, row_version = ?
                WHERE id = ? AND row_version = ?""",
                plan.name(), plan.description(), BillingPeriod.secondsColumn(plan.billingPeriod()), BillingPeriod.monthsColumn(plan.billingPeriod()), plan.status(), plan.termsVersion(),
                plan.updatedAt(), plan.rowVersion(), plan.id(), expectedRowVersion) == 1;
    }

    Optional<Plan> find(UUID id) {
        return database.queryOne("SELECT * FROM billing_plans WHERE id = ?", PlanRepository::plan, id);
    }

    /** The plan, its row locked until the caller's transaction ends. */
    Optional<Plan> lock(UUID id) {
        return database.queryOne("SELECT * FROM billing_plans WHERE id = ? FOR UPDATE", PlanRepository::plan, id);
    }

    /** Whether any payment or subscription, in any state, names the plan: it was offered to someone and is part of the books. */
    boolean sold(UUID id) {
        return database.queryOne("SELECT 1 AS sold FROM payment_transactions WHERE plan_id = ? FETCH FIRST 1 ROWS ONLY", row -> true, id).isPresent()
                || database.queryOne("SELECT 1 AS sold FROM billing_subscription_state WHERE plan_id = ? FETCH FIRST 1 ROWS ONLY", row -> true, id).isPresent();
    }

    /** Deletes the plan and its registrations. */
    void delete(UUID id) {
        database.update("DELETE FROM billing_plan_terms_registrations WHERE plan_id = ?", id);
        database.update("DELETE FROM billing_plan_signatures WHERE plan_id = ?", id);
        database.update("DELETE FROM billing_plans WHERE id = ?", id);
    }

    Optional<Plan> findBySlug(String slug) {
        return database.queryOne("SELECT * FROM billing_plans WHERE slug = ?", PlanRepository::plan, slug);
    }

    List<Plan> list() {
        return database.query("SELECT * FROM billing_plans ORDER BY created_at, slug", PlanRepository::plan);
    }

    List<Plan> listActive() {
        return database.query("SELECT * FROM billing_plans WHERE status = 'ACTIVE' ORDER BY created_at, slug", PlanRepository::plan);
    }

    void upsertRegistration(PlanRegistrationRow row) {
        int updated = database.update("""
                UPDATE billing_plan_signatures SET chain_id = ?, provider_id = ?, asset = ?, price = ?, terms_version = ?, provider_plan_ref = ?,
                       plan_hash = ?, author_signature = ?, tx_ref = ?, status = ?, last_error = ?, registered_at = ?, updated_at = ?
                WHERE plan_id = ? AND network = ? AND asset = ?""",
                row.chainId(), row.providerId(), row.asset(), row.price(), row.termsVersion(), row.providerPlanRef(), row.planHash(),
                row.authorSignature(), row.txRef(), row.status(), row.lastError(), row.registeredAt(), row.updatedAt(), row.planId(), row.network(),
                row.asset());
        if (updated == 0) {
            database.update("""
                    INSERT INTO billing_plan_signatures (plan_id, network, chain_id, provider_id, asset, price, terms_version, provider_plan_ref,
                           plan_hash, author_signature, tx_ref, status, last_error, registered_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    row.planId(), row.network(), row.chainId(), row.providerId(), row.asset(), row.price(), row.termsVersion(), row.providerPlanRef(),
                    row.planHash(), row.authorSignature(), row.txRef(), row.status(), row.lastError(), row.registeredAt(), row.updatedAt());
        }
    }

    /** Keeps the registered terms of {@code row} (its version's provider reference) once it has a provider reference. */
    void recordTerms(PlanRegistrationRow row) {
        if (row.providerPlanRef() == null) {
            return;
        }
        int updated = database.update("""
                UPDATE billing_plan_terms_registrations SET provider_plan_ref = ?, price = ?, status = ?, last_error = ?, registered_at = ?, updated_at = ?
                WHERE plan_id = ? AND network = ? AND asset = ? AND terms_version = ?""",
                row.providerPlanRef(), row.price(), row.status(), row.lastError(), row.registeredAt(), row.updatedAt(),
                row.planId(), row.network(), row.asset(), row.termsVersion());
        if (updated == 0) {
            database.update("""
                    INSERT INTO billing_plan_terms_registrations (plan_id, network, terms_version, provider_plan_ref, asset, price, status, last_error,
                           registered_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    row.planId(), row.network(), row.termsVersion(), row.providerPlanRef(), row.asset(), row.price(), row.status(), row.lastError(),
                    row.registeredAt(), row.updatedAt());
        }
    }

    /** Every registered terms version of the plan, on every network, oldest first. */
    List<PlanTermsRegistration> termsRegistrations(UUID planId) {
        return database.query("SELECT * FROM billing_plan_terms_registrations WHERE plan_id = ? ORDER BY network, asset, terms_version",
                row -> new PlanTermsRegistration(Database.uuid(row, "plan_id"), row.getString("network"), row.getLong("terms_version"),
                        row.getString("provider_plan_ref"), row.getString("asset"), Database.integer(row, "price"), row.getString("status"),
                        row.getString("last_error")), planId);
    }

    void updateTermsStatus(PlanTermsRegistration terms, String status, String lastError, java.time.Instant now) {
        database.update("""
                UPDATE billing_plan_terms_registrations SET status = ?, last_error = ?, updated_at = ?
                WHERE plan_id = ? AND network = ? AND asset = ? AND terms_version = ?""",
                status, lastError, now, terms.planId(), terms.network(), terms.asset(), terms.termsVersion());
    }

    List<PlanRegistrationRow> registrations(UUID planId) {
        return database.query("SELECT * FROM billing_plan_signatures WHERE plan_id = ? ORDER BY network, asset", PlanRepository::registration, planId);
    }

    /** The plan's prices on one network, one per asset. */
    List<PlanRegistrationRow> registrations(UUID planId, String network) {
        return database.query("SELECT * FROM billing_plan_signatures WHERE plan_id = ? AND network = ? ORDER BY asset", PlanRepository::registration,
                planId, network);
    }

    /** Removes a price the plan no longer has; its registered terms stay in {@code billing_plan_terms_registrations}. */
    void deleteRegistration(PlanRegistrationRow row) {
        database.update("DELETE FROM billing_plan_signatures WHERE plan_id = ? AND network = ? AND asset = ?", row.planId(), row.network(), row.asset());
    }

    private static Plan plan(ResultSet row) throws SQLException {
        return new Plan(Database.uuid(row, "id"), row.getString("slug"), row.getString("name"), row.getString("description"),
                billingPeriod(row), PlanStatus.valueOf(row.getString("status")),
                row.getLong("terms_version"), Database.instant(row, "created_at"), Database.instant(row, "updated_at"), row.getLong("row_version"));
    }

    private static Optional<BillingPeriod> billingPeriod(ResultSet row) throws SQLException {
        return BillingPeriod.fromColumns(Database.nullableLong(row, "billing_period_seconds"), Database.nullableLong(row, "billing_period_months"));
    }

    private static PlanRegistrationRow registration(ResultSet row) throws SQLException {
        return new PlanRegistrationRow(Database.uuid(row, "plan_id"), row.getString("network"), row.getString("chain_id"), row.getString("provider_id"),
                row.getString("asset"), Database.integer(row, "price"), row.getLong("terms_version"), row.getString("provider_plan_ref"),
                row.getString("plan_hash"), row.getString("author_signature"), row.getString("tx_ref"), row.getString("status"),
                row.getString("last_error"), Database.instant(row, "registered_at"), Database.instant(row, "updated_at"));
    }

}
