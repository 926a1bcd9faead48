package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigKeyTest {
    @Test
    void keysAreNotEditableAtRunTimeUnlessDeclaredSo() {
        ConfigKey declaredBefore13 = new ConfigKey("rpc-urls", true, false, "endpoints", Optional.empty());
        assertThat(declaredBefore13.runtimeEditable()).isFalse();
        assertThat(ConfigKey.optional("confirmations", "12", "depth").runtimeEditable()).isFalse();

        ConfigKey editable = ConfigKey.optional("confirmations", "12", "depth").editableAtRuntime();
        assertThat(editable.runtimeEditable()).isTrue();
        assertThat(editable.name()).isEqualTo("confirmations");
        assertThat(editable.defaultValue()).contains("12");
        assertThat(ConfigKey.optionalSecret("webhook-secret", "signing secret").editableAtRuntime().secret()).isTrue();
    }
}
