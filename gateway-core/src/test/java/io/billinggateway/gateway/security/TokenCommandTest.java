package io.billinggateway.gateway.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gateway token} mints only tokens the gateway accepts. */
class TokenCommandTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(JwtSecret.VARIABLE, "a-secret-of-the-token-command-test-0123456789");

    @TempDir
    Path dataDirectory;

    @Test
    void aSubjectTheGatewayWouldRefuseIsRefusedWithOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = TokenCommand.run(List.of("--sub", "u".repeat(201)), ENVIRONMENT, dataDirectory, new PrintStream(out), new PrintStream(err));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("gateway token: --sub is longer than 200 characters; " + TokenCommand.USAGE + System.lineSeparator());
    }

    @Test
    void aSubjectWithinTheLimitGetsAToken() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = TokenCommand.run(List.of("--sub", "u".repeat(200)), ENVIRONMENT, dataDirectory, new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\\.")).hasSize(3);
    }
}
