package io.billinggateway.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway as an operator runs it: a separate process, configured by environment variables. */
class ApplicationProcessTest {
    @TempDir
    Path home;

    @Test
    void unknownNetworkStopsStartupNamingItAndWhatIsKnown() throws Exception {
        Process process = start(Map.of("BILLING_NETWORKS", "fiat,nosuch", "BILLING_PORT", Integer.toString(freePort())));
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the gateway exits").isTrue();
        String errors = Files.readString(home.resolve("stderr.log"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
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
    void startsOnEmbeddedDefaultsAndListsTheFiatNetwork() throws Exception {
        int port = freePort();
        Process process = start(Map.of("BILLING_PORT", Integer.toString(port)));
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/billing/networks")).timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            HttpResponse<String> response = null;
            while (response == null && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString());
                }
                catch (IOException notYetListening) {
                    Thread.sleep(200);
                }
            }
            assertThat(response).as("the gateway answered; stderr: %s", Files.readString(home.resolve("stderr.log"))).isNotNull();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"name\":\"fiat\"").contains("\"providerId\":\"mock-fiat\"").contains("\"chainId\":\"fiat:mock\"");
            assertThat(home.resolve("data/jwt-secret")).exists();
        }
        finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Process start(Map<String, String> environment) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(home.toFile())
                .redirectOutput(home.resolve("stdout.log").toFile())
                .redirectError(home.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BILLING_"));
        builder.environment().put("BILLING_DATA_DIR", home.resolve("data").toString());
        builder.environment().put("BILLING_PLUGINS_DIR", home.resolve("plugins").toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
