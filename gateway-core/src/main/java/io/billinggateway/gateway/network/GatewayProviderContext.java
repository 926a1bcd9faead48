package io.billinggateway.gateway.network;

import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.SecretResolver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** What the gateway lends one network's provider. */
record GatewayProviderContext(Clock clock, SecretResolver secrets, ProviderMetrics metrics, String loggerName, URI webhookUrl, Path dataDirectory)
        implements ProviderContext {
    GatewayProviderContext {
        requireNonNull(clock, "clock is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(loggerName, "loggerName is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
    }
}
