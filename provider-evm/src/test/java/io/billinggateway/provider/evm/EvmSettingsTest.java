package io.billinggateway.provider.evm;

import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration as an operator writes it, read through the gateway's router (presets, defaults, secrets). */
class EvmSettingsTest {
    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    @Test
    void presetsAndDefaultsApply() {
        EvmSettings settings = EvmSettings.from(config("polygon", 137, values()));
        assertThat(settings.confirmations()).as("the router's polygon preset").isEqualTo(64);
        assertThat(settings.receiptTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxFeePerGasCap()).isEqualTo(new BigInteger("500000000000"));
        assertThat(settings.batchLimit()).isEmpty();
        assertThat(settings.assets()).containsExactly(Asset.nativeAsset("ETH", 18));
        assertThat(settings.merchantAddress()).isEqualTo(settings.author().getAddress());
        assertThat(settings.operator()).isEmpty();
    }

    @Test
    void rpcUrlsAreShownWithoutTheirSecrets() {
        Map<String, String> values = values();
        values.put(EvmSettings.RPC_URLS, "https://user:pass@polygon-mainnet.example.com/v3/0123456789abcdef?key=x, http://10.0.0.5:8545");
        EvmSettings settings = EvmSettings.from(config("polygon", 137, values));
        assertThat(settings.rpcEndpoints()).extracting(endpoint -> endpoint.displayName())
                .containsExactly("https://polygon-mainnet.example.com", "http://10.0.0.5:8545");
        assertThat(settings.toString()).doesNotContain("0123456789abcdef").doesNotContain("pass");
    }

    @Test
    void tokenNeedsItsCode() {
        Map<String, String> values = values();
        values.put(EvmSettings.TOKEN_ADDRESS, ADDRESS);
        assertThatThrownBy(() -> EvmSettings.from(config("bsc", 56, values)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessage("network 'bsc': billing.networks.bsc.token-code is required when token-address is set");
        values.put(EvmSettings.TOKEN_CODE, "USDT");
        values.put(EvmSettings.TOKEN_DECIMALS, "6");
        values.put(EvmSettings.NATIVE_CODE, "BNB");
        assertThat(EvmSettings.from(config("bsc", 56, values)).assets())
                .containsExactly(Asset.nativeAsset("BNB", 18), Asset.token("USDT", 6, ADDRESS));
    }

    @Test
    void badValuesNameTheirKeyAndNeverTheSecret() {
        Map<String, String> values = values();
        values.put(EvmSettings.SUBSCRIPTION_MANAGER_ADDRESS, "0x1234");
        assertThatThrownBy(() -> EvmSettings.from(config("bsc", 56, values)))
                .hasMessageContaining("billing.networks.bsc.subscription-manager-address must be an address");

        String notAKey = "0xdeadbeefdeadbeefdeadbeef";
        assertThatThrownBy(() -> EvmSettings.from(TestingEvmChain.config("bsc", ChainId.evm(56), values(), Map.of(
                EvmSettings.AUTHOR_KEY, notAKey, EvmSettings.AUTOMATION_KEY, KEY))))
                .hasMessageContaining("billing.networks.bsc.author-key")
                .hasMessageContaining("must be a private key of 32 bytes in hex")
                .hasMessageNotContaining(notAKey);
    }

    @Test
    void keysOfTheDeployCommandAreAccepted() {
        Map<String, String> values = values();
        values.put(EvmSettings.INSTANCE_ID, "default");
        values.put(EvmSettings.PAYMENT_GATEWAY_ADDRESS, ADDRESS);
        values.put(EvmSettings.CORE_SYSTEM_ADDRESS, ADDRESS);
        assertThat(EvmSettings.from(config("ethereum", 1, values)).paymentGateway()).hasValue(ADDRESS);

        values.put("gas-price", "1");
        assertThatThrownBy(() -> config("ethereum", 1, values)).isInstanceOf(RouterConfigurationException.class).hasMessageContaining("gas-price");
    }

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        values.put(EvmSettings.RPC_URLS, "http://127.0.0.1:8545");
        values.put(EvmSettings.PLAN_MANAGER_ADDRESS, ADDRESS);
        values.put(EvmSettings.SUBSCRIPTION_MANAGER_ADDRESS, ADDRESS);
        return values;
    }

    private static NetworkConfig config(String network, long chainId, Map<String, String> values) {
        return TestingEvmChain.config(network, ChainId.evm(chainId), values, Map.of(EvmSettings.AUTHOR_KEY, KEY, EvmSettings.AUTOMATION_KEY, KEY));
    }
}
