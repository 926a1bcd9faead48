package com.example.billing.invoice;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SpiVersion;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The invoice PSP plugin's entry point, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.billinggateway.spi.BillingProviderFactory}. Stateless: everything stateful lives in
 * the {@link InvoiceBillingProvider} of each network.
 */
public final class InvoiceBillingProviderFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "example-invoice";

    static final String WEBHOOK_SECRET = "webhook-secret";
    static final String CURRENCY = "currency";
    static final String PAGE_PORT = "page-port";
    static final String PAGE_URL = "page-url";
    static final String WEBHOOK_TOLERANCE = "webhook-tolerance";
    static final String INVOICE_LIFETIME = "invoice-lifetime";

    /** One-time invoices paid on a hosted page, refunded in full or in part, reported by signed webhooks. No subscriptions. */
    private static final Set<Capability> CAPABILITIES = Set.of(Capability.ONE_TIME_PAYMENT, Capability.REFUND, Capability.PARTIAL_REFUND, Capability.WEBHOOKS);

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.requiredSecret(WEBHOOK_SECRET, "the key webhooks to the gateway are signed with (Standard Webhooks, HMAC-SHA256)"),
                ConfigKey.optional(CURRENCY, "EUR", "the ISO 4217 currency invoices are issued in (2 decimals)"),
                ConfigKey.optional(PAGE_PORT, "0", "the local port of the hosted invoice page; 0 picks a free one"),
                ConfigKey.optional(PAGE_URL, "the public base URL of the hosted invoice page, when it sits behind a proxy; default http://localhost:<port>"),
                ConfigKey.optional(WEBHOOK_TOLERANCE, "5m", "how far a webhook's timestamp may be from now before it is refused as a replay"),
                ConfigKey.optional(INVOICE_LIFETIME, "1h", "how long a payer has to pay an invoice"));
    }

    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        String currency = config.require(CURRENCY).strip();
        if (!currency.matches("[A-Z]{3}")) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "network '" + config.network() + "': billing.networks." + config.network() + "." + CURRENCY + " must be a 3-letter ISO 4217 code, got '" + currency + "'");
        }
        int port = config.getInt(PAGE_PORT).orElse(0);
        if (port < 0 || port > 65535) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "network '" + config.network() + "': billing.networks." + config.network() + "." + PAGE_PORT + " must be a port number, got " + port);
        }
        Duration tolerance = config.getDuration(WEBHOOK_TOLERANCE).orElseThrow();
        Duration lifetime = config.getDuration(INVOICE_LIFETIME).orElseThrow();
        WebhookSigner signer = new WebhookSigner(config.requireSecret(WEBHOOK_SECRET), tolerance);
        return InvoiceBillingProvider.start(config.network(), config.chainId(), currency, port, config.get(PAGE_URL), lifetime, signer, context);
    }
}
