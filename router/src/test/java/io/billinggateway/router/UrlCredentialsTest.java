package io.billinggateway.router;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlCredentialsTest {
    @Test
    void masksUserInformationOfAnyScheme() {
        assertThat(UrlCredentials.redact("webhooks go to https://user:s3cret@example.com/hook, retrying"))
                .isEqualTo("webhooks go to https://****@example.com/hook, retrying");
        assertThat(UrlCredentials.redact("amqp://guest@broker:5672/")).isEqualTo("amqp://****@broker:5672/");
    }

    @Test
    void masksSecretQueryParametersByName() {
        assertThat(UrlCredentials.redact("jdbc:postgresql://db:5432/billing?user=gw&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/billing?user=gw&password=****&ssl=true");
        assertThat(UrlCredentials.redact("https://rpc.example/v1?API_KEY=abc123#x")).isEqualTo("https://rpc.example/v1?API_KEY=****#x");
        assertThat(UrlCredentials.redact("https://h/p?token=t1;sig=s2")).isEqualTo("https://h/p?token=****;sig=****");
    }

    @Test
    void leavesTextWithoutCredentialsAlone() {
        String text = "https://example.com/a?page=2&limit=10 and user@example.com";
        assertThat(UrlCredentials.redact(text)).isEqualTo(text);
        assertThat(UrlCredentials.redact(null)).isNull();
    }

    @Test
    void secretMaskerAlsoMasksUrlCredentials() {
        SecretMasker masker = new SecretMasker(java.util.List.of());
        assertThat(masker.mask("cannot reach https://a:b@rpc.example/")).isEqualTo("cannot reach https://****@rpc.example/");
    }
}
