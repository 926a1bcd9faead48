package io.billinggateway.gateway;

import io.billinggateway.gateway.testing.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway as an operator runs it: a separate process, configured by environment variables. */
class ApplicationProcessTest {
    @TempDir
    Path home;

    @Test
    void unknownNetworkStopsStartupNamingItAndWhatIsKnown() {
        GatewayProcess gateway = GatewayProcess.start("unknown-network", home, Map.of("BILLING_NETWORKS", "fiat,nosuch"));
        int status = gateway.awaitExit(Duration.ofSeconds(90));
        String errors = gateway.errors();

        assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors)
                .contains("billing-gateway cannot start; fix the configuration (1 problem):")
                .contains("network 'nosuch': no provider configured; set billing.networks.nosuch.provider or BILLING_NETWORKS_NOSUCH_PROVIDER")
                .contains("known presets: bsc, ethereum, fiat, polygon");
        // every installed factory is listed, sorted: the bundled mock PSP and the test classpath's ones (testing-psp, ...)
        java.util.regex.Matcher installed = java.util.regex.Pattern.compile("installed providers: ([a-z0-9, -]+)\\)").matcher(errors);
        assertThat(installed.find()).as(errors).isTrue();
        List<String> providers = List.of(installed.group(1).split(", "));
        assertThat(providers).contains("mock-fiat", "testing-psp").isSorted();
    }

    @Test
    void configurationFilesNamedByOptionOrVariableAreLoadedAndAMissingOneIsOneLine() throws Exception {
        Path first = Files.writeString(home.resolve("first.yml"), "billing:\n  networks:\n    extra:\n      provider: from-the-option-file\n");
        Path second = Files.writeString(home.resolve("second.yml"), "billing:\n  networks:\n    other:\n      provider: from-the-variable-file\n");
        GatewayProcess gateway = GatewayProcess.start("config-files", home, Map.of("BILLING_NETWORKS", "fiat,extra,other",
                "BILLING_CONFIG_FILES", second.toString()), "--config", first.toString());
        int status = gateway.awaitExit(Duration.ofSeconds(90));
        String errors = gateway.errors();

        assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors).as("without the files both networks would have no provider at all")
                .contains("network 'extra'", "from-the-option-file", "network 'other'", "from-the-variable-file")
                .doesNotContain("no provider configured");

        Path missing = home.resolve("config/networks/nowhere.yml");
        GatewayProcess withoutFile = GatewayProcess.start("missing-config-file", home.resolve("missing"), Map.of(), "--config", missing.toString());
        int missingStatus = withoutFile.awaitExit(Duration.ofSeconds(90));
        assertThat(missingStatus).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(withoutFile.errors().strip().lines().toList()).containsExactly(
                "billing-gateway cannot start; fix the configuration (1 problem):",
                "  - configuration file " + missing.toAbsolutePath() + " (--config, BILLING_CONFIG_FILES) does not exist");
    }

    @Test
    void startsOnEmbeddedDefaultsAndListsTheFiatNetwork() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start("embedded", home, Map.of()).awaitReady(Duration.ofSeconds(90))) {
            HttpResponse<String> response = get(gateway.url("/v1/billing/networks"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"name\":\"fiat\"").contains("\"providerId\":\"mock-fiat\"").contains("\"chainId\":\"fiat:mock\"");
            assertThat(home.resolve("data/jwt-secret")).exists();
        }
    }

    @Test
    void twoGatewaysStartedAtOnceWithPortZeroServeHealthAndMetricsOnThePortsTheyReport() throws Exception {
        try (GatewayProcess first = GatewayProcess.start("first", home.resolve("first"), Map.of());
             GatewayProcess second = GatewayProcess.start("second", home.resolve("second"), Map.of())) {
            first.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));

            assertThat(first.reportedPort()).isNotEqualTo(second.reportedPort());
            for (Map.Entry<String, GatewayProcess> named : Map.of("first", first, "second", second).entrySet()) {
                GatewayProcess gateway = named.getValue();
                int port = gateway.reportedPort().orElseThrow();
                assertThat(Files.readString(home.resolve(named.getKey()).resolve("port"))).isEqualTo(port + "\n");
                assertThat(gateway.output()).containsPattern("INFO .* - listening on http://[^ ]+:" + port + "\n");
                // The management endpoints share the API's listener: no second port, no restriction to another one.
                HttpResponse<String> health = get(URI.create("http://localhost:" + port + "/health"));
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
                HttpResponse<String> metrics = get(URI.create("http://localhost:" + port + "/prometheus"));
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            }
        }
    }

    @Test
    void anUnwritablePortFileStopsStartupWithOneLine() {
        Path portFile = home.resolve("no-such-directory/port");
        GatewayProcess gateway = GatewayProcess.start("unwritable-port-file", home, Map.of("BILLING_PORT_FILE", portFile.toString()));
        int status = gateway.awaitExit(Duration.ofSeconds(90));
        String errors = gateway.errors();

        assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors).contains("billing-gateway cannot start; fix the configuration (1 problem):\n  - billing.port-file (BILLING_PORT_FILE) "
                + portFile + ": cannot write the listening port ");
        assertThat(errors).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void aPortInUseStopsStartupWithOneLineNamingThePortAndTheSetting() throws Exception {
        try (ServerSocket occupant = new ServerSocket(0)) {
            int port = occupant.getLocalPort();
            GatewayProcess gateway = GatewayProcess.start("port-in-use", home, Map.of("BILLING_PORT", Integer.toString(port)));
            int status = gateway.awaitExit(Duration.ofSeconds(90));
            String errors = gateway.errors();

            assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
            assertThat(errors).contains("billing-gateway cannot start; fix the configuration (1 problem):\n  - port " + port
                    + " (micronaut.server.port, BILLING_PORT) is in use by another process (")
                    .contains("stop that process, or set BILLING_PORT to a free port (0 lets the system choose one)");
            assertThat(errors + gateway.output()).as("no stack trace").doesNotContain("\tat ");
        }
    }

    @Test
    void billingHostBindsOnlyThatAddress() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start("loopback-only", home, Map.of("BILLING_HOST", "127.0.0.1")).awaitReady(Duration.ofSeconds(90))) {
            int port = gateway.reportedPort().orElseThrow();

            assertThat(gateway.output()).contains("listening on http://127.0.0.1:" + port + "\n");
            // Another loopback address on the same port is free only when the gateway did not bind every interface.
            try (ServerSocket other = new ServerSocket()) {
                other.bind(new java.net.InetSocketAddress("127.0.0.2", port));
                assertThat(other.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void theChargeCommandWithPortZeroNeedsThePublicUrl() {
        GatewayProcess command = GatewayProcess.start("charge", home, Map.of("BILLING_PORT", "0"), "billing-charge", "--network", "fiat");
        int status = command.awaitExit(Duration.ofSeconds(90));
        String errors = command.errors();

        assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors).contains("  - billing.public-url (BILLING_PUBLIC_URL) is not set and BILLING_PORT is 0")
                .contains("set BILLING_PUBLIC_URL, or BILLING_PORT to the gateway's port");
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedDatabaseStopsWithOneLine() {
        try (GatewayProcess first = GatewayProcess.start("first", home.resolve("first"), Map.of()).awaitReady(Duration.ofSeconds(90))) {
            Path data = home.resolve("first/data");
            GatewayProcess second = GatewayProcess.start("second", home.resolve("second"), Map.of("BILLING_DATA_DIR", data.toString()));
            int status = second.awaitExit(Duration.ofSeconds(90));
            String errors = second.errors();

            assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
            assertThat(errors).contains("billing-gateway cannot start; fix the configuration (1 problem):\n  - the embedded database "
                    + data.resolve("gateway.mv.db") + " is in use by another gateway process; stop that process, give this one another"
                    + " BILLING_DATA_DIR, or set BILLING_DATABASE_URL to a PostgreSQL database, which several processes can share");
            assertThat(errors).as("no stack trace").doesNotContain("\tat ");
            assertThat(first.isAlive()).isTrue();
        }
    }

    private static HttpResponse<String> get(URI url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
