package io.billinggateway.provider.mockfiat.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    void generatingAtOnceEndsWithOneSecretForEveryone() throws Exception {
        Path file = directory.resolve("webhook-secret");
        int threads = 16;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebhookSecret>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                futures.add(executor.submit(() -> {
                    go.await();
                    return WebhookSecret.loadOrGenerate(file, new SecureRandom());
                }));
            }
            go.countDown();
            List<WebhookSecret> secrets = new ArrayList<>();
            for (Future<WebhookSecret> future : futures) {
                secrets.add(future.get(1, TimeUnit.MINUTES));
            }

            assertThat(secrets).containsOnly(WebhookSecret.parse(Files.readString(file)));
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files).as("no temporary file is left behind").containsExactly(file);
            }
        }
        finally {
            executor.shutdownNow();
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
