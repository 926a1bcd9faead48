package io.billinggateway.gateway.network;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway's own billing settings ({@code billing.*} besides the networks).
 *
 * @param pluginsDir where plugin jars are found; each jar or sub-directory is one plugin
 * @param dataDir where providers keep state that must survive restarts ({@code <data-dir>/networks/<network>})
 * @param publicUrl the gateway's externally reachable base URL, for webhook URLs given to providers;
 *                  defaults to {@code http://localhost:<server port>}
 */
@ConfigurationProperties("billing")
public record BillingSettings(
        @Bindable(defaultValue = "plugins") Path pluginsDir,
        @Bindable(defaultValue = "data") Path dataDir,
        Optional<URI> publicUrl) {
}
