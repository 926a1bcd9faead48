package io.billinggateway.gateway.metrics;

import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's alert rules and dashboard ({@code docs/operations/}): {@code promtool check rules} accepts the rules,
 * {@code promtool test rules} passes each alert's firing and quiet cases, and every metric the rules and the Grafana
 * dashboard name exists: the playbook's own metrics are served by a running gateway on {@code /prometheus} (after a
 * paid checkout, which must have moved the payment counters and the delay histograms); every other one is served too or registered
 * by name in the gateway's or a provider's code (meters that appear with their first event, such as an RPC error).
 */
class PrometheusRulesTest {
    private static final Path OPERATIONS = Path.of("..", "docs", "operations").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\b((?:billing|evm|solana_poc|mock_fiat)_[a-z_]+)\\b");
    private static final List<String> SOURCES = List.of("gateway-core", "provider-evm", "provider-solana-poc", "provider-mock-fiat");

    @TempDir
    Path home;

    @Test
    void promtoolAcceptsTheRules() {
        Promtool.Run checked = Promtool.run(OPERATIONS, "check", "rules", "prometheus-rules.yml");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: 6 rules found");
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() {
        Promtool.Run tested = Promtool.run(OPERATIONS, "test", "rules", "prometheus-rules.test.yml");
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("SUCCESS");
    }

    @Test
    void theRulesAndTheDashboardNameOnlyMetricsThatExist() {
        Set<String> named = new TreeSet<>();
        named.addAll(metricNames(read(OPERATIONS.resolve("prometheus-rules.yml"))));
        named.addAll(metricNames(read(OPERATIONS.resolve("grafana-billing-overview.json"))));
        assertThat(named).as("the playbook's metrics are among those named").contains(
                "billing_transactions_total", "billing_subscriptions_active", "billing_transactions_network_failed_total",
                "billing_confirmation_delay_seconds_bucket", "evm_rpc_errors_total", "evm_rpc_requests_total", "billing_contract_events_total");

        String served;
        try (TestingDatabase database = TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String admin = TestingGateway.token("admin-metrics", "billing_admin");
            TestingGateway.Response plan = gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "metrics", "name": "Metrics", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""");
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            MockFiatSubscriber.subscribeAndPay(gateway, database, "metrics", MockFiatPayer.SUCCESS_CARD);
            gateway.context().getBean(StateGauges.class).refresh();
            served = gateway.get("/prometheus", null).body();
        }
        assertThat(served).containsPattern("billing_subscriptions_active\\{[^}]*network=\"fiat\"[^}]*plan=\"metrics\"[^}]*\\} 1\\.0");
        // The paid checkout moved the payment counters: opened pending, then confirmed once, with one confirmation delay.
        assertThat(served).containsPattern("billing_transactions_total\\{kind=\"checkout\",network=\"fiat\",status=\"pending\"[^}]*\\} 1\\.0");
        assertThat(served).containsPattern("billing_transactions_total\\{kind=\"checkout\",network=\"fiat\",status=\"confirmed\"[^}]*\\} 1\\.0");
        assertThat(served).containsPattern("billing_transactions_total\\{kind=\"checkout\",network=\"fiat\",status=\"failed\"[^}]*\\} 0\\.0");
        assertThat(served).containsPattern("billing_confirmation_delay_seconds_count\\{network=\"fiat\"[^}]*\\} 1");
        assertThat(served).containsPattern("billing_webhook_delay_seconds_count\\{network=\"fiat\"[^}]*\\} [1-9]");
        for (String playbook : List.of("billing_transactions_total", "billing_subscriptions_active", "billing_transactions_network_failed_total",
                "billing_confirmation_delay_seconds_bucket", "billing_webhook_delay_seconds_bucket", "billing_outbox_backlog", "billing_outbox_oldest_pending_seconds")) {
            assertThat(served).as("served by the gateway: " + playbook).containsPattern("(?m)^" + playbook + "\\{[^}]*network=\"fiat\"|(?m)^" + playbook + " ");
        }

        String code = mainSources();
        Set<String> missing = new TreeSet<>();
        for (String name : named) {
            boolean servedByTheGateway = Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(served).find();
            boolean registeredInCode = code.contains("\"" + name + "\"");
            if (!servedByTheGateway && !registeredInCode) {
                missing.add(name);
            }
        }
        assertThat(missing).as("metrics named in docs/operations that the gateway neither serves nor registers by name").isEmpty();
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String mainSources() {
        StringBuilder all = new StringBuilder();
        for (String module : SOURCES) {
            Path sources = Path.of("..", module, "src", "main", "java").toAbsolutePath().normalize();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> all.append(read(file)));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
