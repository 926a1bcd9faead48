package io.billinggateway.gateway.reconcile;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation against the mock PSP: a payment the PSP captured whose confirmation the ledger lost (as if its webhook
 * had never been delivered) is reported, fixed through the billing transitions with a {@code reconciliation} cause, and
 * not reported again; over the internal endpoint on PostgreSQL and H2, and through the command's table and exit codes.
 */
class ReconcileTest {
    private static final String ADMIN = TestingGateway.token("admin-rc", "billing_admin");
    private static final String PATH = "/internal/billing/reconcile";

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void aLostConfirmationIsReportedFixedByReconciliationAndThenGone(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String ledgerId = paidPurchase(gateway, TestingGateway.token("rc-user"));
            TestingGateway.Response clean = reconcile(gateway, "{\"network\": \"fiat\"}");
            assertThat(clean.status()).as(clean.body()).isEqualTo(200);
            assertThat(clean.json().get("differences").size()).as(clean.body()).isZero();
            assertThat(clean.json().get("providerEvents").getIntValue()).isEqualTo(1);

            loseConfirmation(database, ledgerId);

            TestingGateway.Response report = reconcile(gateway, "{\"network\": \"fiat\"}");
            assertThat(report.status()).as(report.body()).isEqualTo(200);
            assertThat(report.json().get("remaining").getIntValue()).isEqualTo(1);
            JsonNode difference = report.json().get("differences").get(0);
            assertThat(report.json().get("differences").size()).isEqualTo(1);
            assertThat(difference.get("kind").getStringValue()).isEqualTo("payment-unconfirmed");
            assertThat(difference.get("entity").getStringValue()).isEqualTo(ledgerId);
            assertThat(difference.get("ours").getStringValue()).isEqualTo("pending");
            assertThat(difference.get("provider").getStringValue()).startsWith("paid 500 USD by pay_");
            assertThat(difference.get("action").getStringValue()).isEqualTo("confirm");
            assertThat(difference.get("fixed").getBooleanValue()).isFalse();
            assertThat(database.text("SELECT status FROM payment_transactions WHERE id = ?", UUID.fromString(ledgerId)))
                    .as("a report alone changes nothing").isEqualTo("pending");

            TestingGateway.Response fixed = reconcile(gateway, "{\"network\": \"fiat\", \"fix\": true}");
            assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
            assertThat(fixed.json().get("differences").get(0).get("fixed").getBooleanValue()).isTrue();
            assertThat(fixed.json().get("remaining").getIntValue()).isZero();

            TestingGateway.Response again = reconcile(gateway, "{\"network\": \"fiat\", \"fix\": true}");
            assertThat(again.json().get("differences").size()).as(again.body()).isZero();

            assertThat(database.text("SELECT status FROM payment_transactions WHERE id = ?", UUID.fromString(ledgerId))).isEqualTo("confirmed");
            assertThat(database.text("SELECT tx_hash FROM payment_transactions WHERE id = ?", UUID.fromString(ledgerId))).startsWith("pay_");
            assertThat(lastTransition(database, ledgerId)).isEqualTo("pending>confirmed reconciliation service-token");
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.payment.confirmed.v1' AND aggregate_id = ?", ledgerId))
                    .as("the webhook's confirmation and the reconciliation's").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void onlyTheServiceTokenMayReconcileAndBadBodiesAreProblemsNamingTheField(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String body = "{\"network\": \"fiat\"}";
            assertThat(gateway.post(PATH, null, body).status()).isEqualTo(401);
            for (String role : List.of("user", "support", "finance_ops", "billing_admin")) {
                String token = role.equals("user") ? TestingGateway.token("rc-user") : TestingGateway.token("rc-" + role, role);
                assertThat(gateway.post(PATH, token, body).status()).as(role).isEqualTo(403);
            }
            assertProblem(reconcile(gateway, "{}"), 400, "network: is required");
            assertProblem(reconcile(gateway, ""), 400, "network: is required");
            assertProblem(reconcile(gateway, "{\"network\": \"fiat\", \"since\": \"last week\"}"), 400, "since: must be an ISO-8601");
            assertProblem(reconcile(gateway, "{\"network\": \"fiat\", \"since\": \"2999-01-01\"}"), 400, "since: must not be in the future");
            assertProblem(reconcile(gateway, "{\"network\": \"fiat\", \"fix\": \"yes\"}"), 400, "fix");
            assertProblem(reconcile(gateway, "{\"network\": \"fiat\", \"fixx\": true}"), 400, "fixx");
            TestingGateway.Response unknown = reconcile(gateway, "{\"network\": \"nowhere\"}");
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
            assertThat(unknown.body()).contains("nowhere").doesNotContain("Exception");
            TestingGateway.Response since = reconcile(gateway, "{\"network\": \"fiat\", \"since\": \"2026-01-01\"}");
            assertThat(since.status()).as(since.body()).isEqualTo(200);
            assertThat(since.json().get("since").getStringValue()).isEqualTo("2026-01-01T00:00:00Z");
        }
    }

    @Test
    void theCommandPrintsOneRowPerDifferenceAndExitsThreeUntilFixed() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String ledgerId = paidPurchase(gateway, TestingGateway.token("rc-user"));
            loseConfirmation(database, ledgerId);
            Map<String, Object> properties = new HashMap<>(TestingGateway.properties(database, home, Map.of()));
            properties.put("billing.charge.enabled", false);
            properties.put("billing.http.serving", false);
            properties.put("billing.event-polling.enabled", false);
            // As for billing-charge: a process without an HTTP server is told where the gateway receives webhooks.
            properties.put("billing.public-url", gateway.url("").toString());

            Run report = command(properties, "--network", "fiat");
            assertThat(report.status()).as(report.err()).isEqualTo(ReconcileCommand.DIFFERENCES_EXIT_CODE);
            List<String> lines = report.out().lines().toList();
            assertThat(lines.get(0)).contains("network fiat", "1 difference(s), 1 remaining");
            assertThat(lines.get(1)).matches("KIND +ENTITY +OURS +PROVIDER +ACTION");
            assertThat(lines.get(2)).startsWith("payment-unconfirmed  " + ledgerId + "  pending ").endsWith("confirm");
            assertThat(lines.get(2).indexOf(ledgerId)).as("aligned columns").isEqualTo(lines.get(1).indexOf("ENTITY"));

            Run json = command(properties, "--network", "fiat", "--json", "--since", "2026-01-01T00:00:00Z");
            assertThat(json.status()).isEqualTo(3);
            assertThat(json.out()).startsWith("{").contains("\"kind\":\"payment-unconfirmed\"", "\"remaining\":1");

            Run fixed = command(properties, "--network", "fiat", "--fix");
            assertThat(fixed.status()).as(fixed.out() + fixed.err()).isZero();
            assertThat(fixed.out()).contains("confirm (fixed)");
            assertThat(command(properties, "--network", "fiat").out()).contains("0 difference(s)");
            assertThat(lastTransition(database, ledgerId)).isEqualTo("pending>confirmed reconciliation system");
        }
    }

    @Test
    void badArgumentsAreOneExplanatoryLine() {
        for (List<String> arguments : List.of(List.<String>of(), List.of("--network"), List.of("--fix"), List.of("--network", "fiat", "--since", "soon"),
                List.of("--network", "fiat", "--force"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Optional<ReconcileCommand.Arguments> parsed = ReconcileCommand.parse(arguments, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(parsed).as(arguments.toString()).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).as(arguments.toString()).singleElement()
                    .asString().startsWith("gateway billing-reconcile: ");
        }
        assertThat(ReconcileCommand.parse(List.of("--network", "fiat", "--since", "2026-11-01", "--fix", "--json"), System.err))
                .contains(new ReconcileCommand.Arguments("fiat", java.time.Instant.parse("2026-11-01T00:00:00Z"), true, true));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run command(Map<String, Object> properties, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReconcileCommand.run(ReconcileCommand.parse(List.of(arguments), System.err).orElseThrow(),
                () -> ApplicationContext.builder().properties(properties).environments("test").start(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static TestingGateway.Response reconcile(TestingGateway gateway, String body) {
        return gateway.post(PATH, null, body, "X-Service-Token", TestingGateway.SERVICE_TOKEN);
    }

    /** A plan bought and paid on the mock PSP, confirmed by its webhook; returns the ledger id. */
    private static String paidPurchase(TestingGateway gateway, String user) {
        assertThat(gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "reconciled", "name": "Reconciled", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""").status()).isEqualTo(201);
        TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, "{\"plan\": \"reconciled\", \"network\": \"fiat\"}", "Idempotency-Key", "rc-1");
        assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
        MockFiatPayer.pay(checkout.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD);
        Eventually.await("the payment to be confirmed", Duration.ofSeconds(20), () -> gateway.get("/v1/billing/me/history", user),
                response -> "confirmed".equals(response.json().get(0).get("status").getStringValue()));
        return checkout.json().get("ledgerId").getStringValue();
    }

    /** Drift on purpose: the ledger forgets the confirmation its webhook brought, as if the webhook had never arrived. */
    private static void loseConfirmation(TestingDatabase database, String ledgerId) {
        assertThat(database.update("UPDATE payment_transactions SET status = 'pending', tx_hash = NULL, confirmed_at = NULL WHERE id = ?",
                UUID.fromString(ledgerId))).isEqualTo(1);
    }

    private static String lastTransition(TestingDatabase database, String ledgerId) {
        return database.text("SELECT from_status || '>' || to_status || ' ' || cause || ' ' || actor FROM billing_status_history"
                + " WHERE entity_kind = 'payment' AND entity_id = ? ORDER BY entity_version DESC LIMIT 1", UUID.fromString(ledgerId));
    }

    private static void assertProblem(TestingGateway.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains(error).doesNotContain("Exception");
    }
}
