package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkConfigTest {
    private final NetworkConfig config = new NetworkConfig("bsc", ChainId.evm(56),
            Map.of("rpc-urls", "http://a, http://b ,", "timeout", "30s", "short", "500ms", "iso", "PT2M", "bad", "soon", "batch", "x"),
            Map.of("signer-key", new Secret("env:BSC_KEY", "0xsecretkey".getBytes(StandardCharsets.UTF_8))));

    @Test
    void readsListsDurationsAndSecrets() {
        assertThat(config.getList("rpc-urls")).containsExactly("http://a", "http://b");
        assertThat(config.getDuration("timeout")).contains(Duration.ofSeconds(30));
        assertThat(config.getDuration("short")).contains(Duration.ofMillis(500));
        assertThat(config.getDuration("iso")).contains(Duration.ofMinutes(2));
        assertThat(config.requireSecret("signer-key").reveal()).isEqualTo("0xsecretkey");
    }

    @Test
    void badValuesNameTheKeyAndSecretsStayMasked() {
        assertThatThrownBy(() -> config.getDuration("bad"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessage("network 'bsc': billing.networks.bsc.bad must be a duration such as PT30S, 500ms, 30s, 5m or 1h, got 'soon'");
        assertThatThrownBy(() -> config.getInt("batch")).hasMessage("network 'bsc': billing.networks.bsc.batch must be an integer, got 'x'");
        assertThatThrownBy(() -> config.require("missing")).hasMessage("network 'bsc': billing.networks.bsc.missing is not set");
        assertThat(config.toString()).contains("signer-key=Secret[env:BSC_KEY, ****]").doesNotContain("0xsecretkey");
        assertThat(config.requireSecret("signer-key").toString()).doesNotContain("0xsecretkey");
    }
}
