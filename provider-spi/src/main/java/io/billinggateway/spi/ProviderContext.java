package io.billinggateway.spi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the host lends a provider for one network. Everything here is owned by the host; the provider
 * owns only its own clients (web3j, HTTP) and must release them in {@link BillingProvider#close()}.
 */
public interface ProviderContext {
    /** The time source. Providers must use it instead of {@code System.currentTimeMillis()} so tests can move time. */
    Clock clock();

    /** Resolves secret references the provider finds at run time (configured secret keys arrive resolved in {@link NetworkConfig}). */
    SecretResolver secrets();

    ProviderMetrics metrics();

    /** The logger name to use with {@link System#getLogger(String)}, e.g. {@code billing.provider.mock-fiat.fiat}. */
    String loggerName();

    /**
     * The absolute URL where the gateway receives this network's webhooks. A provider that pushes
     * webhooks (a PSP) registers or sends to this URL; others ignore it.
     */
    URI webhookUrl();

    /**
     * A directory that belongs to this network alone and survives restarts, for state a real
     * counterpart would keep on its side (the mock PSP's ledger, a light client's cache). Created by the host.
     */
    Path dataDirectory();
}
