package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.charge.ChargeLanes;
import io.billinggateway.gateway.charge.LaneSettings;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.security.TokenCommand;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.ProviderRouter;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/billing/admin/networks/{name}/settings}: effective values with their source and never a secret, changes with
 * optimistic concurrency, a journal and an audit entry, refusals that name the key and save nothing, probes that save
 * nothing, the role matrix, and a change on one gateway process in force on a second one on the same database.
 */
class NetworkSettingsTest {
    private static final String ADMIN = TestingGateway.token("admin-settings", Roles.BILLING_ADMIN);
    private static final String SUPPORT = TestingGateway.token("support-settings", Roles.SUPPORT);
    private static final String FIAT = "/v1/billing/admin/networks/fiat/settings";
    private static final String SOLANA_NETWORK = "solana-devnet";
    /** The system program's address: a valid base58 public key nobody pays to in these tests. */
    private static final String SOLANA_RECIPIENT = "11111111111111111111111111111111";

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void changesAreVersionedJournalledAuditedAndInForceWithoutShowingSecrets(String kind) throws IOException {
        Path secretFile = secretFile("first-secret");
        try (TestingDatabase database = database(kind);
             TestingGateway gateway = TestingGateway.start(database, home, Map.of("billing.networks.fiat.webhook-secret", "file:" + secretFile))) {
            TestingGateway.Response initial = gateway.get(FIAT, SUPPORT);
            assertThat(initial.status()).as(initial.body()).isEqualTo(200);
            assertThat(initial.json().get("version").getLongValue()).isZero();
            assertThat(initial.json().get("appliedVersion").getLongValue()).isZero();
            assertThat(initial.json().get("providerId").getStringValue()).isEqualTo("mock-fiat");
            assertSetting(initial, "max-batch-size", "100", "configuration", true);
            assertSetting(initial, "listen-host", "127.0.0.1", "configuration", false);
            assertSetting(initial, "charge-interval", "30s", "configuration", true);
            JsonNode secret = setting(initial, "webhook-secret");
            assertThat(secret.get("secret").getBooleanValue()).isTrue();
            assertThat(secret.get("set").getBooleanValue()).isTrue();
            assertThat(secret.get("value").isNull()).as("a secret has no value in the answer").isTrue();
            assertThat(initial.body()).doesNotContain(secretFile.toString()).doesNotContain(Files.readString(secretFile));

            TestingGateway.Response changed = put(gateway, FIAT, ADMIN, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "7"}, {"key": "charge-batch-size", "value": "5"}],
                     "reason": "PSP asked for smaller batches"}""");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("version").getLongValue()).isEqualTo(1);
            assertThat(changed.json().get("appliedVersion").getLongValue()).as("in force in this process at once").isEqualTo(1);
            assertSetting(changed, "max-batch-size", "7", "database", true);
            assertSetting(changed, "charge-batch-size", "5", "database", true);
            ProviderRouter router = gateway.context().getBean(ProviderRouter.class);
            assertThat(router.resolve("fiat").describe().maxBatchSize()).as("the re-created provider").isEqualTo(7);
            assertThat(LaneSettings.of(router.resolve("fiat")).batchSize()).as("the lane's batch size").isEqualTo(5);

            TestingGateway.Response stale = put(gateway, FIAT, ADMIN, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "9"}], "reason": "based on an old read"}""");
            assertThat(stale.status()).as(stale.body()).isEqualTo(409);
            assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
            assertThat(stale.json().get("detail").getStringValue()).contains("version 1, not 0");
            assertThat(router.resolve("fiat").describe().maxBatchSize()).as("a stale change changes nothing").isEqualTo(7);

            Path rotated = secretFile("second-secret");
            TestingGateway.Response reverted = put(gateway, FIAT, ADMIN, """
                    {"version": 1, "settings": [{"key": "max-batch-size", "value": null}, {"key": "webhook-secret", "value": "file:%s"}],
                     "reason": "back to the default batch, secret rotated"}""".formatted(rotated));
            assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
            assertThat(reverted.json().get("version").getLongValue()).isEqualTo(2);
            assertSetting(reverted, "max-batch-size", "100", "configuration", true);
            assertThat(setting(reverted, "webhook-secret").get("source").getStringValue()).isEqualTo("database");
            assertThat(reverted.body()).doesNotContain(rotated.toString()).doesNotContain(Files.readString(rotated));
            assertThat(router.resolve("fiat").describe().maxBatchSize()).isEqualTo(100);

            TestingGateway.Response history = gateway.get(FIAT + "/history", SUPPORT);
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.body()).doesNotContain(rotated.toString()).doesNotContain(secretFile.toString());
            JsonNode items = history.json().get("items");
            assertThat(items.size()).isEqualTo(2);
            JsonNode newest = items.get(0);
            assertThat(newest.get("version").getLongValue()).isEqualTo(2);
            assertThat(newest.get("changedBy").getStringValue()).isEqualTo("admin-settings");
            assertThat(newest.get("reason").getStringValue()).isEqualTo("back to the default batch, secret rotated");
            assertThat(Instant.parse(newest.get("changedAt").getStringValue())).isBefore(Instant.now().plusSeconds(1));
            assertThat(differences(newest)).containsExactly("max-batch-size: 7 -> null", "webhook-secret: null -> (secret)");
            assertThat(differences(items.get(1))).containsExactly("charge-batch-size: null -> 5", "max-batch-size: null -> 7");
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE action = 'network-settings.update' AND entity_id = 'fiat'"))
                    .as("every change audited").isEqualTo(2);
            assertThat(database.text("SELECT after_state FROM billing_audit_log WHERE action = 'network-settings.update' ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY"))
                    .doesNotContain(rotated.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void refusedChangesNameTheKeyAndSaveNothing(String kind) {
        try (TestingDatabase database = database(kind);
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "max-batch-sise", "value": "7"}], "reason": "typo"}""", "max-batch-sise");
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "listen-host", "value": "0.0.0.0"}], "reason": "not editable"}""", "listen-host");
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "many"}], "reason": "bad value"}""", "max-batch-size");
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "charge-interval", "value": "soon"}], "reason": "bad duration"}""", "charge-interval");
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": ""}], "reason": "empty"}""", "max-batch-size");
            assertRefused(gateway, 422, """
                    {"version": 0, "settings": [{"key": "webhook-secret", "value": "whsec_dGhlLXNlY3JldC12YWx1ZQ=="}], "reason": "inline secret"}""",
                    "webhook-secret");
            assertRefused(gateway, 400, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": 7}], "reason": "a number"}""", "settings[0].value");
            assertRefused(gateway, 400, """
                    {"settings": [{"key": "max-batch-size", "value": "7"}], "reason": "no version"}""", "version");
            assertRefused(gateway, 400, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "7"}]}""", "reason");
            assertRefused(gateway, 400, """
                    {"version": 0, "settings": [], "reason": "nothing"}""", "settings");
            assertRefused(gateway, 400, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "7"}], "reason": "x", "force": true}""", "force");
            assertRefused(gateway, 400, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "7"}, {"key": "max-batch-size", "value": "8"}], "reason": "twice"}""",
                    "given twice");

            TestingGateway.Response unknownNetwork = put(gateway, "/v1/billing/admin/networks/nowhere/settings", ADMIN, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "7"}], "reason": "no such network"}""");
            assertThat(unknownNetwork.status()).as(unknownNetwork.body()).isEqualTo(404);
            assertThat(gateway.get("/v1/billing/admin/networks/nowhere/settings", SUPPORT).status()).isEqualTo(404);

            TestingGateway.Response after = gateway.get(FIAT, SUPPORT);
            assertThat(after.json().get("version").getLongValue()).as("nothing saved").isZero();
            assertThat(gateway.get(FIAT + "/history", SUPPORT).json().get("items").size()).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_network_settings")).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE action = 'network-settings.update'")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aProbeWithADeadRpcUrlReportsItWithoutCredentialsAndSavesNothing(String kind) throws IOException {
        int deadPort = DEAD_PORT;
        int otherDeadPort = OTHER_DEAD_PORT;
        Map<String, Object> properties = new HashMap<>();
        String prefix = "billing.networks." + SOLANA_NETWORK + ".";
        properties.put("billing.enabled-networks", "fiat," + SOLANA_NETWORK);
        properties.put(prefix + "provider", "solana-poc");
        properties.put(prefix + "chain-id", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
        properties.put(prefix + "rpc-url", "http://127.0.0.1:" + deadPort);
        properties.put(prefix + "recipient", SOLANA_RECIPIENT);
        properties.put(prefix + "health-timeout", "1s");
        properties.put("billing.event-polling.enabled", false);
        String path = "/v1/billing/admin/networks/" + SOLANA_NETWORK + "/settings";
        try (TestingDatabase database = database(kind);
             TestingGateway gateway = TestingGateway.start(database, home, properties)) {
            TestingGateway.Response probe = gateway.post(path + "/test", ADMIN, """
                    {"settings": [{"key": "rpc-url", "value": "http://operator:hunter2@127.0.0.1:%d"}]}""".formatted(otherDeadPort));
            assertThat(probe.status()).as(probe.body()).isEqualTo(200);
            assertThat(probe.json().get("ok").getBooleanValue()).isFalse();
            assertThat(probe.json().get("status").getStringValue()).isEqualTo("DOWN");
            String message = probe.json().get("message").getStringValue();
            assertThat(message).contains("not reachable").doesNotContain("\n");
            assertThat(probe.body()).doesNotContain("hunter2");

            TestingGateway.Response fiatProbe = gateway.post(FIAT + "/test", ADMIN, """
                    {"settings": [{"key": "max-batch-size", "value": "3"}]}""");
            assertThat(fiatProbe.status()).as(fiatProbe.body()).isEqualTo(200);
            assertThat(fiatProbe.json().get("ok").getBooleanValue()).as(fiatProbe.body()).isTrue();

            TestingGateway.Response refused = gateway.post(FIAT + "/test", ADMIN, """
                    {"settings": [{"key": "max-batch-size", "value": "none"}]}""");
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().get("detail").getStringValue()).contains("max-batch-size");

            TestingGateway.Response after = gateway.get(path, SUPPORT);
            assertThat(after.json().get("version").getLongValue()).as("a probe saves nothing").isZero();
            assertSetting(after, "rpc-url", "http://127.0.0.1:" + deadPort, "configuration", true);
            assertThat(gateway.get(FIAT, SUPPORT).json().get("version").getLongValue()).isZero();
            assertThat(gateway.context().getBean(ProviderRouter.class).resolve("fiat").describe().maxBatchSize()).isEqualTo(100);
            assertThat(database.count("SELECT COUNT(*) FROM billing_network_settings_history")).isZero();

            // Saving a new endpoint re-creates the Solana provider, which locks its data directory, after the old one stopped.
            TestingGateway.Response saved = put(gateway, path, ADMIN, """
                    {"version": 0, "settings": [{"key": "rpc-url", "value": "http://127.0.0.1:%d"}], "reason": "move to the other node"}""".formatted(otherDeadPort));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("appliedVersion").getLongValue()).isEqualTo(1);
            assertSetting(saved, "rpc-url", "http://127.0.0.1:" + otherDeadPort, "database", true);
            assertThat(gateway.context().getBean(ProviderRouter.class).resolve(SOLANA_NETWORK).provider().health().activeEndpoint())
                    .as("the running provider uses the new endpoint").hasValueSatisfying(endpoint -> assertThat(endpoint).contains(":" + otherDeadPort));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void onlyBillingAdminChangesAndProbesWhileSupportReads(String kind) {
        try (TestingDatabase database = database(kind);
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String change = """
                    {"version": 0, "settings": [{"key": "charge-rate", "value": "2"}], "reason": "role matrix"}""";
            String probe = """
                    {"settings": [{"key": "charge-rate", "value": "2"}]}""";
            List<String[]> endpoints = List.of(
                    new String[] {"GET", FIAT, null, "admin,support"},
                    new String[] {"GET", FIAT + "/history", null, "admin,support"},
                    new String[] {"POST", FIAT + "/test", probe, "admin"},
                    new String[] {"PUT", FIAT, change, "admin"});
            Map<String, String[]> callers = Map.of(
                    "anonymous", new String[] {},
                    "user", new String[] {"Authorization", "Bearer " + TestingGateway.token("user-1")},
                    "support", new String[] {"Authorization", "Bearer " + SUPPORT},
                    "finance", new String[] {"Authorization", "Bearer " + TestingGateway.token("finance-1", Roles.FINANCE_OPS)},
                    "admin", new String[] {"Authorization", "Bearer " + ADMIN},
                    "forged", new String[] {"Authorization", "Bearer " + TokenCommand.sign("another-secret-of-at-least-thirty-two-chars", "mallory",
                            List.of(Roles.BILLING_ADMIN), Duration.ofHours(1), Instant.now())},
                    "service", new String[] {"X-Service-Token", TestingGateway.SERVICE_TOKEN});
            for (String caller : List.of("anonymous", "user", "support", "finance", "forged", "service", "admin")) {
                for (String[] endpoint : endpoints) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url(endpoint[1])).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .method(endpoint[0], endpoint[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(endpoint[2]));
                    String[] header = callers.get(caller);
                    if (header.length > 0) {
                        request.header(header[0], header[1]);
                    }
                    TestingGateway.Response response = gateway.send(request.build());
                    String what = endpoint[0] + " " + endpoint[1] + " as " + caller + ": " + response.body();
                    if (List.of(endpoint[3].split(",")).contains(caller)) {
                        assertThat(response.status()).as(what).isEqualTo(200);
                    }
                    else {
                        int expected = List.of("anonymous", "forged", "service").contains(caller) ? 401 : 403;
                        assertThat(response.status()).as(what).isEqualTo(expected);
                        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
                    }
                }
            }
            assertThat(gateway.get(FIAT, SUPPORT).json().get("version").getLongValue()).as("only the admin's change was saved").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aChangeOnOneProcessIsInForceOnAnotherWithinThePollInterval(String kind) {
        Duration pollInterval = Duration.ofSeconds(1);
        Map<String, Object> properties = Map.of("billing.network-settings.poll-interval", pollInterval.toSeconds() + "s");
        try (TestingDatabase database = database(kind);
             TestingGateway first = TestingGateway.start(database, home.resolve("first"), properties);
             TestingGateway second = TestingGateway.start(database, home.resolve("second"), properties)) {
            ProviderRouter secondRouter = second.context().getBean(ProviderRouter.class);
            assertThat(secondRouter.resolve("fiat").describe().maxBatchSize()).isEqualTo(100);

            TestingGateway.Response changed = put(first, FIAT, ADMIN, """
                    {"version": 0, "settings": [{"key": "max-batch-size", "value": "11"}, {"key": "charge-batch-size", "value": "4"}],
                     "reason": "smaller batches everywhere"}""");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            long saved = System.nanoTime();

            // The documented bound: one poll interval plus re-creating the provider; a generous margin for a busy machine.
            Eventually.await("the second process to run version 1", pollInterval.multipliedBy(10),
                    () -> second.get(FIAT, SUPPORT).json().get("appliedVersion").getLongValue(), version -> version == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - saved)).isLessThan(pollInterval.multipliedBy(10));
            assertThat(secondRouter.resolve("fiat").describe().maxBatchSize()).as("the second process's provider").isEqualTo(11);
            assertThat(LaneSettings.of(secondRouter.resolve("fiat")).batchSize()).as("the second process's lane").isEqualTo(4);
            assertSetting(second.get(FIAT, SUPPORT), "max-batch-size", "11", "database", true);

            // A process started after the change starts with it.
            try (TestingGateway third = TestingGateway.start(database, home.resolve("third"), properties)) {
                assertThat(third.get(FIAT, SUPPORT).json().get("appliedVersion").getLongValue()).isEqualTo(1);
                assertThat(third.context().getBean(ProviderRouter.class).resolve("fiat").describe().maxBatchSize()).isEqualTo(11);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aLaneEnabledAtRunTimeOnOneProcessStartsChargingOnAnother(String kind) {
        try (TestingDatabase database = database(kind);
             // One PSP for both processes: the worker renews with the card the subscriber saved through the other.
             TestingGateway api = TestingGateway.start(database, home.resolve("api"), Map.of("billing.charge.enabled", false,
                     "billing.networks.fiat.data-dir", home.resolve("psp").toString()));
             TestingGateway worker = TestingGateway.start(database, home.resolve("worker"), Map.of(
                     "billing.networks.fiat.data-dir", home.resolve("psp").toString(),
                     "billing.network-settings.poll-interval", "1s",
                     "billing.networks.fiat.charge-enabled", "false",
                     "billing.networks.fiat.charge-interval", "1s"))) {
            TestingGateway.Response plan = api.post("/v1/billing/admin/plans", ADMIN, """
                    {"slug": "lane-plan", "name": "Lane", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "100"}]}""");
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            UUID subscription = MockFiatSubscriber.subscribeAndPay(api, database, "lane-plan", MockFiatPayer.SUCCESS_CARD);
            Instant due = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            database.update("UPDATE billing_subscription_state SET next_charge_at = ? WHERE id = ?", due.atOffset(ZoneOffset.UTC), subscription);
            ChargeLanes lanes = worker.context().getBean(ChargeLanes.class);
            assertThat(lanes.running()).as("the worker's lane is disabled by its configuration").isEmpty();

            TestingGateway.Response enabled = put(api, FIAT, ADMIN, """
                    {"version": 0, "settings": [{"key": "charge-enabled", "value": "true"}], "reason": "start renewals on the worker"}""");
            assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);

            Eventually.await("the worker's lane to be enabled", Duration.ofSeconds(10), lanes::running, running -> running.contains("fiat"));
            Eventually.await("the worker to renew the due subscription", Duration.ofSeconds(30),
                    () -> database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND next_charge_at > ?", subscription,
                            due.atOffset(ZoneOffset.UTC)),
                    renewed -> renewed == 1);
        }
    }

    private static TestingDatabase database(String kind) {
        return kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
    }

    private Path secretFile(String seed) throws IOException {
        Path file = Files.createTempFile(home, "webhook-secret-", ".txt");
        Files.writeString(file, "whsec_" + Base64.getEncoder().encodeToString((seed + "-0123456789abcdef0123456789").getBytes()));
        return file;
    }

    /*
     * Ports nothing listens on: the privileged discard and echo ports, which no test and no unprivileged process binds (a
     * port bound by the system and released could be taken by another process before the probe, and then answer).
     */
    private static final int DEAD_PORT = 9;
    private static final int OTHER_DEAD_PORT = 7;

    private static TestingGateway.Response put(TestingGateway gateway, String path, String token, String body) {
        return gateway.send(HttpRequest.newBuilder(gateway.url(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertRefused(TestingGateway gateway, int status, String body, String named) {
        TestingGateway.Response response = put(gateway, FIAT, ADMIN, body);
        assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").getStringValue()).as(response.body()).contains(named);
        assertThat(response.body()).as("no internals").doesNotContain("Exception").doesNotContain("io.billinggateway").doesNotContain("whsec_");
    }

    private static JsonNode setting(TestingGateway.Response response, String key) {
        for (JsonNode setting : response.json().get("settings").values()) {
            if (setting.get("key").getStringValue().equals(key)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + key + " in " + response.body());
    }

    private static void assertSetting(TestingGateway.Response response, String key, String value, String source, boolean editable) {
        JsonNode setting = setting(response, key);
        assertThat(setting.get("value").getStringValue()).as(key).isEqualTo(value);
        assertThat(setting.get("source").getStringValue()).as(key + " source").isEqualTo(source);
        assertThat(setting.get("editable").getBooleanValue()).as(key + " editable").isEqualTo(editable);
        assertThat(setting.get("secret").getBooleanValue()).as(key + " secret").isFalse();
    }

    private static List<String> differences(JsonNode entry) {
        List<String> lines = new java.util.ArrayList<>();
        for (JsonNode difference : entry.get("diff").values()) {
            lines.add(difference.get("key").getStringValue() + ": " + text(difference.get("from")) + " -> " + text(difference.get("to")));
        }
        return lines;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.getStringValue();
    }
}
