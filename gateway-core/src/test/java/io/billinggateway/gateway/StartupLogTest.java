package io.billinggateway.gateway;

import io.billinggateway.gateway.testing.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's log shows at startup: configured URLs without their credentials, and misconfiguration as one line. */
class StartupLogTest {
    @TempDir
    Path home;

    @Test
    void credentialsInsideConfiguredUrlsNeverReachTheLog() {
        try (GatewayProcess gateway = GatewayProcess.start("credentials", home, Map.of(
                "BILLING_NETWORKS_FIAT_WEBHOOK_URL", "https://hook-user:hook-pass-4711@127.0.0.1:9/hook?token=query-token-4711")).awaitReady(Duration.ofSeconds(90))) {
            String output = gateway.output();

            assertThat(output).contains("sends webhooks to https://127.0.0.1:9/hook").doesNotContain("hook-pass-4711", "hook-user", "query-token-4711");
        }
    }

    @Test
    void everyLoadedProviderAndEnabledNetworkHasALineAndTheLogHasNoTerminalEscapes() {
        try (GatewayProcess gateway = GatewayProcess.start("loaded", home, Map.of()).awaitReady(Duration.ofSeconds(90))) {
            String output = gateway.output();

            assertThat(output).containsPattern("INFO .* - provider mock-fiat version [^ ]+ \\(SPI [0-9.]+\\) loaded from the class path \\([^)]*provider-mock-fiat[^)]*\\)\n")
                    .contains("- network fiat enabled: provider mock-fiat, chain id fiat:mock\n");
            // stdout is a file here, not a terminal: colour codes would show up as stray "[0m" in every log viewer
            assertThat(output).as("no ANSI escape").doesNotContain("\u001b");
        }
    }

    @Test
    void aMisconfiguredOutboxEndpointStopsStartupWithOneLine() {
        GatewayProcess gateway = GatewayProcess.start("outbox", home, Map.of(
                "BILLING_OUTBOX_ENDPOINTS_CRM_URL", "https://crm.example/hooks", "BILLING_OUTBOX_ENDPOINTS_CRM_SECRET", "whsec_literal_value_not_a_reference"));
        int status = gateway.awaitExit(Duration.ofSeconds(90));
        String errors = gateway.errors();

        assertThat(status).as(gateway.output()).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors).contains("billing.outbox.endpoints.crm: secret must be a reference").doesNotContain("whsec_literal_value_not_a_reference")
                .doesNotContain("\tat ");
    }
}
