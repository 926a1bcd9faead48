package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.testing.TestingDatabase;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes ledger rows, subscriptions, refunds and charge attempts straight into the database, so that a test knows every
 * row the figures are computed from. Column values the figures do not read are fixed.
 */
final class OverviewFixture {
    private final TestingDatabase database;
    private int references;

    OverviewFixture(TestingDatabase database) {
        this.database = database;
    }

    /** A plan of {@code months} calendar months, or else of {@code seconds}. */
    UUID plan(String slug, Long seconds, Integer months) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        database.update("""
                INSERT INTO billing_plans (id, slug, name, description, billing_period_seconds, billing_period_months, status, terms_version, created_at,
                                           updated_at, row_version)
                VALUES (?, ?, ?, NULL, ?, ?, 'ACTIVE', 1, ?, ?, 1)""", id, slug, "Plan " + slug, seconds, months, now, now);
        return id;
    }

    /** One payment; {@code confirmedAt} null unless it was confirmed. */
    UUID payment(String user, String network, String token, long amount, String status, String createdAt, String confirmedAt) {
        return payment(user, network, token, amount, 0, status, createdAt, confirmedAt, "plan_purchase", null);
    }

    UUID payment(String user, String network, String token, long amount, long refunded, String status, String createdAt, String confirmedAt,
                 String productType, UUID planId) {
        UUID id = UUID.randomUUID();
        database.update("""
                INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, token, amount,
                       refunded_amount, status, provider_reference, failure_reason, confirmed_at, created_at, updated_at, row_version)
                VALUES (?, ?, ?, ?, ?, ?, 'product', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
                id, user, network, network.equals("fiat") ? "fiat:mock" : "eip155:137", network.equals("fiat") ? "mock-fiat" : "evm", productType, planId,
                token, BigDecimal.valueOf(amount), BigDecimal.valueOf(refunded), status, "ref-" + references++,
                status.equals("failed") ? "card declined" : null, time(confirmedAt), time(createdAt), time(createdAt));
        return id;
    }

    /**
     * A subscription whose checkout payment was created a minute before {@code activatedAt} and confirmed at it (never
     * confirmed when {@code activatedAt} is null); {@code endedAt} null while it runs.
     */
    UUID subscription(String user, UUID plan, String network, String token, long amount, Long seconds, Integer months, String activatedAt,
                      String endedAt, String status, String nextChargeAt) {
        String createdAt = activatedAt == null ? "2026-03-02T00:00:00Z" : Instant.parse(activatedAt).minusSeconds(60).toString();
        UUID checkout = payment(user, network, token, amount, 0, activatedAt == null ? "pending" : "confirmed", createdAt, activatedAt,
                "plan_subscription", plan);
        UUID id = UUID.randomUUID();
        database.update("""
                INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, checkout_ledger_id, token,
                       amount, billing_period_seconds, billing_period_months, status, next_charge_at, cancelled_at, created_at, updated_at, row_version)
                VALUES (?, ?, ?, 1, ?, 'chain', 'provider', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
                id, user, plan, network, checkout, token, BigDecimal.valueOf(amount), seconds, months, status, time(nextChargeAt), time(endedAt),
                time(createdAt), time(createdAt));
        return id;
    }

    void refund(UUID payment, String network, long amount, String createdAt) {
        database.update("INSERT INTO billing_refunds (network, refund_ref, ledger_id, amount, reason, requested_by, created_at) VALUES (?, ?, ?, ?, 'asked', 'staff', ?)",
                network, "refund-" + references++, payment, BigDecimal.valueOf(amount), time(createdAt));
    }

    void chargeAttempt(UUID subscription, String network, String token, String outcome, Long fee, String createdAt) {
        database.update("""
                INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, payment_token, amount, fee, created_at)
                VALUES (?, ?, ?, 'chain', ?, ?, ?, 100, ?, ?)""",
                UUID.randomUUID(), subscription, network, time(createdAt), outcome, token, fee == null ? null : BigDecimal.valueOf(fee), time(createdAt));
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : Instant.parse(text).atOffset(ZoneOffset.UTC);
    }

    /**
     * The scenario docs/analytics.md's figures are checked against (window 2026-03-01..03-04, previous 02-26..03-01):
     * <ul>
     * <li>S1 fiat USD 1000 P1M, user-a, active since 02-20, due since 03-20; S3 fiat USD 12000 P1Y, user-a, activated 03-01T10:00;
     * <li>S2 polygon USDC 3 000 000 every 30 days, user-b, activated 02-27T12:00, cancelled 03-02T06:00;
     * <li>S4 polygon USDC, user-c, checkout never confirmed; S5 fiat USD 1000 P1M, user-d, 02-21 until it failed 02-28;
     * <li>payments: renewal of S1 03-01T00:00 (confirmed after 120 s), failed 03-03 (fiat), failed 02-28 (polygon), confirmed
     * 03-03T12:00 (polygon, 20 s), confirmed at exactly 03-04T00:00 (outside), a payment of 02-10 refunded 5000 on 03-02;
     * <li>charge attempts: S1 charged with fee 30 on 03-01, S2 skipped 03-01 and failed 03-02, S2 charged with fee 15000 on 02-28.
     * </ul>
     */
    void seedThreeDays() {
        UUID monthly = plan("monthly", null, 1);
        UUID yearly = plan("yearly", null, 12);
        UUID thirtyDays = plan("thirty-days", 2_592_000L, null);
        UUID s1 = subscription("user-a", monthly, "fiat", "USD", 1000, null, 1, "2026-02-20T00:00:00Z", null, "active", "2026-03-20T00:00:00Z");
        UUID s2 = subscription("user-b", thirtyDays, "polygon", "USDC", 3_000_000, 2_592_000L, null, "2026-02-27T12:00:00Z", "2026-03-02T06:00:00Z",
                "cancelled", null);
        subscription("user-a", yearly, "fiat", "USD", 12000, null, 12, "2026-03-01T10:00:00Z", null, "active", "2099-01-01T00:00:00Z");
        subscription("user-c", thirtyDays, "polygon", "USDC", 3_000_000, 2_592_000L, null, null, null, "pending", null);
        subscription("user-d", monthly, "fiat", "USD", 1000, null, 1, "2026-02-21T00:00:00Z", "2026-02-28T00:00:00Z", "failed", null);

        payment("user-a", "fiat", "USD", 1000, 0, "confirmed", "2026-03-01T00:00:00Z", "2026-03-01T00:02:00Z", "subscription_renewal", monthly);
        payment("user-a", "fiat", "USD", 500, "failed", "2026-03-03T00:00:00Z", null);
        payment("user-b", "polygon", "USDC", 2_000_000, "failed", "2026-02-28T00:00:00Z", null);
        payment("user-b", "polygon", "USDC", 1_000_000, "confirmed", "2026-03-03T12:00:00Z", "2026-03-03T12:00:20Z");
        payment("user-c", "fiat", "USD", 700, "confirmed", "2026-03-03T23:59:59Z", "2026-03-04T00:00:00Z");
        UUID refunded = payment("user-d", "fiat", "USD", 8000, 5000, "refunded", "2026-02-10T00:00:00Z", "2026-02-10T00:00:05Z", "plan_purchase", null);
        refund(refunded, "fiat", 5000, "2026-03-02T00:00:00Z");

        chargeAttempt(s1, "fiat", "USD", "charged", 30L, "2026-03-01T00:01:00Z");
        chargeAttempt(s2, "polygon", "USDC", "skipped", null, "2026-03-01T12:00:00Z");
        chargeAttempt(s2, "polygon", "USDC", "failed", null, "2026-03-02T01:00:00Z");
        chargeAttempt(s2, "polygon", "USDC", "charged", 15000L, "2026-02-28T00:00:00Z");
    }
}
