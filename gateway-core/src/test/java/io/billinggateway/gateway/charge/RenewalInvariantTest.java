package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, point 4 (gateway side): seeded random sequences drive the gateway against the mock PSP (subscribe, time
 * passes, charge rounds, repeated rounds, freeze and unfreeze, a terms change, cancel, a restart of the gateway and its
 * provider) and check after every step, for every subscription, that the ledger holds as many renewals as the PSP's
 * own books ({@code ledger.jsonl}, read independently of the provider's code) and that the gateway's next charge is
 * the PSP's while it is renewed. Plans bill {@code P30D} and calendar months ({@code P1M}).
 *
 * <p>Time passes by restarting the gateway with its clock further ahead ({@code billing.testing.clock-offset}), which
 * moves the mock PSP's clock with it: the PSP keeps its own schedule. The default run is bounded for the build;
 * {@code -Dbilling.invariant.sequences=N -Dbilling.invariant.steps=M} runs longer, {@code -Dbilling.invariant.seed=S}
 * repeats a run. Every failure names the seed, the sequence and the steps so far.
 */
class RenewalInvariantTest {
    private static final long SEED = Long.getLong("billing.invariant.seed", System.nanoTime());
    private static final int SEQUENCES = Integer.getInteger("billing.invariant.sequences", 1);
    private static final int STEPS = Integer.getInteger("billing.invariant.steps", 14);
    private static final String ADMIN = TestingGateway.token("admin-invariants", "billing_admin");
    private static final List<String> PLANS = List.of("invariant-days", "invariant-months");

    @TempDir
    Path home;

    private final Map<String, String> planIds = new HashMap<>();
    private TestingDatabase database;
    private TestingGateway gateway;
    private Duration clockOffset = Duration.ZERO;

    @Test
    void ledgerRenewalsAndNextChargesEqualThePsps() {
        Random random = new Random(SEED);
        long started = System.nanoTime();
        int steps = 0;
        try (TestingDatabase opened = TestingDatabase.postgres()) {
            database = opened;
            restart();
            createPlan(PLANS.get(0), "P30D");
            createPlan(PLANS.get(1), "P1M");
            for (int sequence = 0; sequence < SEQUENCES; sequence++) {
                List<String> history = new ArrayList<>();
                List<UUID> subscriptions = new ArrayList<>();
                subscriptions.add(subscribe(random, history));
                for (int step = 0; step < STEPS; step++) {
                    act(random, subscriptions, history);
                    steps++;
                    checkInvariants("seed " + SEED + " (-Dbilling.invariant.seed), sequence " + sequence + ", steps " + history);
                }
            }
        }
        finally {
            if (gateway != null) {
                gateway.close();
            }
        }
        System.out.printf("renewal invariants: seed %d, %d sequences, %d steps, %.1f s%n", SEED, SEQUENCES, steps, (System.nanoTime() - started) / 1e9);
    }

    private void act(Random random, List<UUID> subscriptions, List<String> history) {
        int choice = random.nextInt(100);
        if (choice < 12 && subscriptions.size() < 4) {
            subscriptions.add(subscribe(random, history));
        }
        else if (choice < 35) {
            Duration passes = Duration.ofDays(1 + random.nextInt(70)).plusHours(random.nextInt(24));
            clockOffset = clockOffset.plus(passes);
            history.add("time+" + passes.toDays() + "d");
            restart();
        }
        else if (choice < 65) {
            history.add("charge");
            charge();
        }
        else if (choice < 72) {
            history.add("charge-again");
            charge();
            charge();
        }
        else if (choice < 80) {
            String plan = PLANS.get(random.nextInt(PLANS.size()));
            boolean freeze = random.nextBoolean();
            history.add((freeze ? "freeze " : "unfreeze ") + plan);
            gateway.post("/v1/billing/admin/plans/" + planIds.get(plan) + (freeze ? "/freeze" : "/unfreeze"), ADMIN, "{}");
        }
        else if (choice < 86) {
            String plan = PLANS.get(random.nextInt(PLANS.size()));
            int price = 1000 + random.nextInt(5000);
            history.add("reprice " + plan + " " + price);
            TestingGateway.Response changed = gateway.patch("/v1/billing/admin/plans/" + planIds.get(plan), ADMIN,
                    "{\"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"" + price + "\"}]}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        }
        else if (choice < 92) {
            UUID subscription = subscriptions.get(random.nextInt(subscriptions.size()));
            history.add("cancel " + subscription);
            String user = text("SELECT user_id FROM billing_subscription_state WHERE id = ?", subscription);
            gateway.post("/v1/billing/unsubscribe", TestingGateway.token(user), "{\"subscriptionId\": \"" + subscription + "\"}");
        }
        else {
            history.add("restart");
            restart();
        }
    }

    private UUID subscribe(Random random, List<String> history) {
        String plan = PLANS.get(random.nextInt(PLANS.size()));
        gateway.post("/v1/billing/admin/plans/" + planIds.get(plan) + "/unfreeze", ADMIN, "{}");
        UUID subscription = MockFiatSubscriber.subscribeAndPay(gateway, database, plan, MockFiatPayer.SUCCESS_CARD);
        history.add("subscribe " + plan + " " + subscription);
        return subscription;
    }

    private void checkInvariants(String context) {
        Map<String, List<JsonNode>> pspCharges = pspPeriodCharges();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT s.id, s.status, s.provider_subscription_ref, s.next_charge_at,
                            (SELECT COUNT(*) FROM payment_transactions t WHERE t.subscription_id = s.id AND t.product_type = 'subscription_renewal') AS renewals
                     FROM billing_subscription_state s WHERE s.network = 'fiat'""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String ref = rows.getString("provider_subscription_ref");
                List<JsonNode> charges = pspCharges.getOrDefault(ref, List.of());
                String subscription = context + ": subscription " + rows.getString("id") + " (" + ref + ")";
                assertThat(rows.getLong("renewals")).as(subscription + ": renewals in the ledger, against the PSP's period charges " + charges.stream().map(charge -> charge.get("id").getStringValue()).toList())
                        .isEqualTo(charges.size() - 1);
                if (!List.of("active", "past_due").contains(rows.getString("status"))) {
                    // ended: no next charge at either side
                    continue;
                }
                JsonNode latest = charges.stream().max((left, right) -> instant(left, "chargedAt").compareTo(instant(right, "chargedAt"))).orElseThrow();
                assertThat(rows.getObject("next_charge_at", OffsetDateTime.class).toInstant())
                        .as(subscription + ": the gateway's next charge is the PSP's (latest charge " + latest.get("id").getStringValue() + ")")
                        .isEqualTo(instant(latest, "nextChargeAt"));
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PSP's period charges by subscription, the checkout's included, read from its journal. */
    private Map<String, List<JsonNode>> pspPeriodCharges() {
        Map<String, List<JsonNode>> bySubscription = new HashMap<>();
        Map<String, JsonNode> byId = new HashMap<>();
        JsonMapper json = JsonMapper.createDefault();
        try {
            for (String line : Files.readAllLines(home.resolve("data/networks/fiat/ledger.jsonl"))) {
                JsonNode records = json.readValue(line, JsonNode.class).get("records");
                for (int index = 0; index < records.size(); index++) {
                    JsonNode change = records.get(index);
                    if (change.get("type").getStringValue().equals("period-charge")) {
                        byId.put(change.get("record").get("id").getStringValue(), change.get("record"));
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byId.values().forEach(charge -> bySubscription.computeIfAbsent(charge.get("subscriptionId").getStringValue(), ignored -> new ArrayList<>()).add(charge));
        return bySubscription;
    }

    private static Instant instant(JsonNode record, String field) {
        return Instant.parse(record.get(field).getStringValue());
    }

    private void createPlan(String slug, String period) {
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "%s", "name": "Invariants", "billingPeriod": "%s", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}"""
                .formatted(slug, period));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        planIds.put(slug, created.json().get("id").getStringValue());
    }

    private void charge() {
        TestingGateway.Response round = gateway.post("/internal/billing/charge", null, "{\"network\": \"fiat\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(round.status()).as(round.body()).isEqualTo(200);
    }

    /** Stops the gateway (and its mock PSP) and starts it again over the same database and PSP books, its clock {@link #clockOffset} ahead. */
    private void restart() {
        if (gateway != null) {
            gateway.close();
        }
        gateway = TestingGateway.start(database, home, Map.of(
                "billing.networks.fiat.charge-interval", "1h",
                "billing.testing.clock-offset", clockOffset.toSeconds() + "s"));
    }

    private String text(String sql, Object parameter) {
        return database.text(sql, parameter);
    }
}
