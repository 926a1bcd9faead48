package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gateway billing-charge} as an operator or cron runs it: a separate process on the embedded defaults. */
class ChargeCommandTest {
    @TempDir
    Path home;

    @Test
    void onceDryRunPrintsOneJsonLineAndExitsZero() throws Exception {
        Result result = run("billing-charge", "--network", "fiat", "--once", "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> json = result.stdout().lines().filter(line -> line.startsWith("{")).toList();
        assertThat(json).hasSize(1);
        assertThat(json.getFirst()).isEqualTo("{\"network\":\"fiat\",\"dryRun\":true,\"processed\":0,\"charged\":0,\"skipped\":0,\"failed\":0,\"pending\":0,\"errors\":[]}");
    }

    @Test
    void badArgumentsExitTwoWithOneLine() throws Exception {
        for (List<String> arguments : List.of(
                List.of("billing-charge", "--once"),
                List.of("billing-charge", "--network"),
                List.of("billing-charge", "--network", "fiat", "--limit", "none"),
                List.of("billing-charge", "--network", "fiat", "--fast"))) {
            Result result = run(arguments.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", arguments, result.stderr()).isEqualTo(2);
            assertThat(result.stderr().lines().toList()).as("%s", arguments).hasSize(1)
                    .allSatisfy(line -> assertThat(line).startsWith("gateway billing-charge: "));
        }
    }

    @Test
    void unknownNetworkExitsTwoNamingTheNetworksThereAre() throws Exception {
        Result result = run("billing-charge", "--network", "nosuch", "--once");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        // other lines on standard error are the mock PSP's own startup log
        assertThat(result.stderr().lines().filter(line -> line.startsWith("gateway billing-charge")).toList()).containsExactly(
                "gateway billing-charge: no enabled network matches network 'nosuch'; registered networks: fiat (mock-fiat, fiat:mock)");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(String... arguments) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Application.class.getName()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(home, "stdout", ".log");
        Path stderr = Files.createTempFile(home, "stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BILLING_"));
        builder.environment().put("BILLING_DATA_DIR", home.resolve("data").toString());
        builder.environment().put("BILLING_PLUGINS_DIR", home.resolve("plugins").toString());
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the command exits").isTrue();
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
