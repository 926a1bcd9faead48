package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.SecretResolver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The host-owned context a test creates the provider with: a movable clock, a temporary directory, a local webhook receiver. */
record TestingProviderContext(Clock clock, URI webhookUrl, Path dataDirectory) implements ProviderContext {
    TestingProviderContext {
        requireNonNull(clock, "clock is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
    }

    @Override
    public SecretResolver secrets() {
        return reference -> {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the test resolves no secret references, asked for " + reference);
        };
    }

    @Override
    public ProviderMetrics metrics() {
        return ProviderMetrics.noop();
    }

    @Override
    public String loggerName() {
        return "billing.provider.mock-fiat.test";
    }
}
