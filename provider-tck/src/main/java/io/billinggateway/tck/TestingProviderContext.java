package io.billinggateway.tck;

import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.SecretResolver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The host-owned context the kit creates a provider with; every part is the kit's own test double. */
public record TestingProviderContext(Clock clock, SecretResolver secrets, ProviderMetrics metrics, String loggerName, URI webhookUrl, Path dataDirectory)
        implements ProviderContext {
    public TestingProviderContext {
        requireNonNull(clock, "clock is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(loggerName, "loggerName is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
    }
}
