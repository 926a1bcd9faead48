package com.example.billing.starter;

import io.billinggateway.spi.ChainId;
import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;

import java.nio.file.Path;
import java.util.Map;

/** The kit's loader checks against the packaged plugin jar (failsafe passes its path as {@code plugin.jar}). */
class StarterPluginLoaderIT extends BasePluginLoaderConformanceTest {
    @Override
    protected Path pluginPath() {
        return Path.of(System.getProperty("plugin.jar", "target/provider-starter-psp.jar"));
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("starter", ChainId.parse("starter:sandbox"), Map.of(), Map.of("api-key", "sk_test_starter_0123456789"));
    }
}
