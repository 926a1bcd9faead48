package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /v1/billing/admin/payments/{id}} on PostgreSQL: references, explorer link, fee split, refunds, 404. */
class StaffPaymentDetailTest {
    private static final String ADMIN = TestingGateway.token("admin-d", "billing_admin");
    private static final OffsetDateTime AT = Instant.parse("2026-03-01T00:00:00Z").atOffset(ZoneOffset.UTC);
    private static final UUID PLAN = UUID.randomUUID();
    private static final UUID CHECKOUT = UUID.randomUUID();
    private static final UUID SUBSCRIPTION = UUID.randomUUID();
    private static final UUID RENEWAL = UUID.randomUUID();

    @TempDir
    Path home;

    @Test
    void aRenewalShowsItsReferencesExplorerLinkFeeSplitAndRefunds() {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of("billing.networks.fiat.explorer-url", "https://explorer.example/tx/{txHash}?n=1"))) {
            seed(database);

            TestingGateway.Response renewal = gateway.get("/v1/billing/admin/payments/" + RENEWAL, TestingGateway.token("support-d", "support"));

            assertThat(renewal.status()).as(renewal.body()).isEqualTo(200);
            JsonNode payment = renewal.json().get("payment");
            assertThat(payment.get("id").getStringValue()).isEqualTo(RENEWAL.toString());
            assertThat(payment.get("userId").getStringValue()).isEqualTo("user-d");
            assertThat(payment.get("providerReference").getStringValue()).isEqualTo("pi_renewal");
            assertThat(payment.get("txHash").getStringValue()).isEqualTo("tx#1");
            assertThat(payment.get("refundedAmount").getStringValue()).isEqualTo("300");
            assertThat(renewal.json().get("explorerUrl").getStringValue()).isEqualTo("https://explorer.example/tx/tx%231?n=1");
            assertThat(renewal.json().get("providerSubscriptionRef").getStringValue()).isEqualTo("sub_ref");
            assertThat(renewal.json().get("fee").get("gross").getStringValue()).isEqualTo("1000");
            assertThat(renewal.json().get("fee").get("fee").getStringValue()).isEqualTo("29");
            assertThat(renewal.json().get("fee").get("net").getStringValue()).isEqualTo("971");
            JsonNode refunds = renewal.json().get("refunds");
            assertThat(refunds.size()).isEqualTo(2);
            assertThat(refunds.get(0).get("refundRef").getStringValue()).isEqualTo("re_1");
            assertThat(refunds.get(0).get("amount").getStringValue()).isEqualTo("100");
            assertThat(refunds.get(0).get("requestedBy").getStringValue()).isEqualTo("admin-x");
            assertThat(refunds.get(1).get("refundRef").getStringValue()).isEqualTo("re_2");
            assertThat(refunds.get(1).get("requestedBy")).as("reported by webhook").isNull();

            TestingGateway.Response checkout = gateway.get("/v1/billing/admin/payments/" + CHECKOUT, ADMIN);
            assertThat(checkout.status()).as(checkout.body()).isEqualTo(200);
            assertThat(checkout.json().get("explorerUrl")).as("no tx hash, no link").isNull();
            assertThat(checkout.json().get("fee")).as("no fee reported").isNull();
            assertThat(checkout.json().get("refunds").size()).isZero();

            TestingGateway.Response unknown = gateway.get("/v1/billing/admin/payments/" + UUID.randomUUID(), ADMIN);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("type").getStringValue()).endsWith("/not-found");
            assertThat(gateway.get("/v1/billing/admin/payments/not-a-uuid", ADMIN).status()).isEqualTo(400);
        }
    }

    @Test
    void anExplorerUrlWithoutThePlaceholderStopsTheGateway() {
        try (TestingDatabase database = TestingDatabase.postgres()) {
            assertThatThrownBy(() -> TestingGateway.start(database, home, Map.of("billing.networks.fiat.explorer-url", "https://explorer.example/tx/")).close())
                    .hasStackTraceContaining("billing.networks.fiat.explorer-url: must be an http(s) URL containing {txHash}");
        }
    }

    private static void seed(TestingDatabase database) {
        database.update("""
                INSERT INTO billing_plans (id, slug, name, billing_period_seconds, status, terms_version, created_at, updated_at, row_version)
                VALUES (?, 'detail', 'Detail', 2592000, 'ACTIVE', 1, ?, ?, 1)""", PLAN, AT, AT);
        payment(database, CHECKOUT, "plan_subscription", null, "pi_checkout", null, 0);
        database.update("""
                INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, provider_subscription_ref,
                       checkout_ledger_id, token, amount, billing_period_seconds, status, created_at, updated_at, row_version)
                VALUES (?, 'user-d', ?, 1, 'fiat', 'fiat:mock', 'mock-fiat', 'sub_ref', ?, 'USD', 1000, 2592000, 'active', ?, ?, 1)""",
                SUBSCRIPTION, PLAN, CHECKOUT, AT, AT);
        payment(database, RENEWAL, "subscription_renewal", SUBSCRIPTION, "pi_renewal", "tx#1", 300);
        database.update("""
                INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, tx_hash, payment_token, amount, fee, created_at)
                VALUES (?, ?, 'fiat', 'fiat:mock', ?, 'charged', 'tx#1', 'USD', 1000, 29, ?)""", UUID.randomUUID(), SUBSCRIPTION, AT, AT);
        database.update("""
                INSERT INTO billing_refunds (network, refund_ref, ledger_id, amount, reason, requested_by, created_at)
                VALUES ('fiat', 're_1', ?, 100, 'goodwill', 'admin-x', ?), ('fiat', 're_2', ?, 200, NULL, NULL, ?)""",
                RENEWAL, AT.plusMinutes(1), RENEWAL, AT.plusMinutes(2));
    }

    private static void payment(TestingDatabase database, UUID id, String productType, UUID subscription, String reference, String txHash, long refunded) {
        database.update("""
                INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, subscription_id, token,
                       amount, refunded_amount, status, provider_reference, tx_hash, confirmed_at, created_at, updated_at, row_version)
                VALUES (?, 'user-d', 'fiat', 'fiat:mock', 'mock-fiat', ?, 'detail', ?, ?, 'USD', 1000, ?, 'confirmed', ?, ?, ?, ?, ?, 1)""",
                id, productType, PLAN, subscription, BigDecimal.valueOf(refunded), reference, txHash, AT, AT, AT);
    }
}
