package com.example.billing.invoice;

import io.billinggateway.spi.ChainId;
import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;

import java.nio.file.Path;
import java.util.Map;

/** The kit's loader checks against the packaged plugin jar (failsafe passes its path as {@code plugin.jar}). */
class InvoicePluginLoaderIT extends BasePluginLoaderConformanceTest {
    @Override
    protected Path pluginPath() {
        return Path.of(System.getProperty("plugin.jar", "target/provider-example-psp.jar"));
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("invoices", ChainId.parse("invoice:sandbox"), Map.of(), Map.of("webhook-secret", InvoiceConformanceTest.WEBHOOK_SECRET));
    }
}
