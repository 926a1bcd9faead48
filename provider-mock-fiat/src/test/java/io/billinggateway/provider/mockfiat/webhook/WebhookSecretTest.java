package io.billinggateway.provider.mockfiat.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretTest {
    @TempDir
    Path directory;

    @Test
    void generatedSecretIsStoredOnceAndReadBack() throws IOException {
        Path file = directory.resolve("webhook-secret");

        WebhookSecret generated = WebhookSecret.loadOrGenerate(file, new SecureRandom());
        WebhookSecret loaded = WebhookSecret.loadOrGenerate(file, new SecureRandom());

        assertThat(loaded).isEqualTo(generated);
        assertThat(Files.readString(file).strip()).isEqualTo(generated.encoded()).startsWith("whsec_");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void twoGeneratedSecretsDiffer() {
        SecureRandom random = new SecureRandom();

        assertThat(WebhookSecret.generate(random)).isNotEqualTo(WebhookSecret.generate(random));
    }

    @Test
    void storedGarbageIsReportedWithoutItsContent() throws IOException {
        Path file = Files.writeString(directory.resolve("webhook-secret"), "whsec_***garbage***");

        assertThatThrownBy(() -> WebhookSecret.loadOrGenerate(file, new SecureRandom()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("garbage"));
    }

    @Test
    void toStringHidesTheKey() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(secret.toString()).isEqualTo("WebhookSecret[whsec_****]");
    }
}
