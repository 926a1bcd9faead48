package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.webhook.DeliveryPolicy;
import io.billinggateway.provider.mockfiat.webhook.WebhookSecret;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The validated configuration of one mock-fiat network. Every problem is a
 * {@link ErrorCode#CONFIGURATION_INVALID} naming the key; secret values never appear in a message.
 *
 * @param publicBaseUrl where payers' browsers reach the hosted pages; empty for {@code http://<listen-host>:<port>}
 * @param webhookUrl where webhooks go; empty for the gateway's {@code ProviderContext.webhookUrl()}
 * @param webhookSecret the signing secret; empty to use the one the PSP generates and keeps in its data directory
 */
record MockFiatSettings(
        String currency,
        int decimals,
        String listenHost,
        int listenPort,
        Optional<URI> publicBaseUrl,
        Optional<URI> webhookUrl,
        Optional<WebhookSecret> webhookSecret,
        Duration webhookTolerance,
        int maxBatchSize,
        Duration sessionTimeToLive,
        DeliveryPolicy delivery) {
    static final String CURRENCY = "currency";
    static final String DECIMALS = "decimals";
    static final String LISTEN_HOST = "listen-host";
    static final String LISTEN_PORT = "listen-port";
    static final String PUBLIC_BASE_URL = "public-base-url";
    static final String WEBHOOK_URL = "webhook-url";
    static final String WEBHOOK_SECRET = "webhook-secret";
    static final String WEBHOOK_TOLERANCE = "webhook-tolerance";
    static final String MAX_BATCH_SIZE = "max-batch-size";
    static final String SESSION_TTL = "session-ttl";
    static final String WEBHOOK_MAX_ATTEMPTS = "webhook-max-attempts";
    static final String WEBHOOK_RETRY_DELAY = "webhook-retry-delay";

    static final List<ConfigKey> KEYS = List.of(
            ConfigKey.optional(CURRENCY, "USD", "the ISO 4217 currency the PSP account settles in"),
            ConfigKey.optional(DECIMALS, "2", "minor-unit digits of the currency (2 for USD, 0 for JPY)"),
            ConfigKey.optional(LISTEN_HOST, "127.0.0.1", "the address the hosted checkout server binds"),
            ConfigKey.optional(LISTEN_PORT, "0", "the port of the hosted checkout server; 0 picks a free port at every start"),
            ConfigKey.optional(PUBLIC_BASE_URL, "the URL payers' browsers use for the hosted pages; default http://<listen-host>:<port>"),
            ConfigKey.optional(WEBHOOK_URL, "where the PSP sends webhooks; default the gateway's webhook endpoint for this network"),
            ConfigKey.optionalSecret(WEBHOOK_SECRET, "Standard Webhooks signing secret whsec_<base64>; default one the PSP generates and keeps in its data directory").editableAtRuntime(),
            ConfigKey.optional(WEBHOOK_TOLERANCE, "5m", "how far a webhook's timestamp may be from now before it is refused as a replay").editableAtRuntime(),
            ConfigKey.optional(MAX_BATCH_SIZE, "100", "the most items one chargeBatch call accepts").editableAtRuntime(),
            ConfigKey.optional(SESSION_TTL, "24h", "how long a hosted checkout session can be paid").editableAtRuntime(),
            ConfigKey.optional(WEBHOOK_MAX_ATTEMPTS, "8", "delivery attempts per webhook before the PSP gives up until its next start").editableAtRuntime(),
            ConfigKey.optional(WEBHOOK_RETRY_DELAY, "1s", "the wait before the first webhook retry; it doubles after every failed attempt, up to 1h").editableAtRuntime());

    private static final Pattern ISO_CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MOST_DECIMALS = 8;
    private static final int LARGEST_BATCH = 10_000;
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofHours(1);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    MockFiatSettings {
        requireNonNull(currency, "currency is null");
        requireNonNull(listenHost, "listenHost is null");
        requireNonNull(publicBaseUrl, "publicBaseUrl is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        requireNonNull(webhookSecret, "webhookSecret is null");
        requireNonNull(webhookTolerance, "webhookTolerance is null");
        requireNonNull(sessionTimeToLive, "sessionTimeToLive is null");
        requireNonNull(delivery, "delivery is null");
    }

    static MockFiatSettings from(NetworkConfig config) {
        requireNonNull(config, "config is null");
        Map<String, String> withDefaults = new HashMap<>();
        KEYS.forEach(key -> key.defaultValue().ifPresent(value -> withDefaults.put(key.name(), value)));
        withDefaults.putAll(config.values());
        NetworkConfig effective = new NetworkConfig(config.network(), config.chainId(), withDefaults, config.secrets());
        Reader reader = new Reader(effective);

        String currency = effective.require(CURRENCY).strip();
        if (!ISO_CURRENCY.matcher(currency).matches()) {
            throw reader.invalid(CURRENCY, "must be an ISO 4217 code of three upper-case letters such as USD, got '" + currency + "'");
        }
        int decimals = reader.integer(DECIMALS, 0, MOST_DECIMALS);
        String listenHost = effective.require(LISTEN_HOST).strip();
        if (listenHost.isEmpty()) {
            throw reader.invalid(LISTEN_HOST, "must not be blank");
        }
        int listenPort = reader.integer(LISTEN_PORT, 0, 65_535);
        Optional<URI> publicBaseUrl = reader.httpUrl(PUBLIC_BASE_URL, false).map(MockFiatSettings::withoutTrailingSlash);
        Optional<URI> webhookUrl = reader.httpUrl(WEBHOOK_URL, true);
        Optional<WebhookSecret> webhookSecret = effective.secret(WEBHOOK_SECRET).map(secret -> {
            try {
                return WebhookSecret.parse(secret.reveal());
            }
            catch (IllegalArgumentException e) {
                throw reader.invalid(WEBHOOK_SECRET, "(" + secret.reference() + ") is unusable: " + e.getMessage());
            }
        });
        Duration webhookTolerance = reader.positiveDuration(WEBHOOK_TOLERANCE);
        int maxBatchSize = reader.integer(MAX_BATCH_SIZE, 1, LARGEST_BATCH);
        Duration sessionTimeToLive = reader.positiveDuration(SESSION_TTL);
        int maxAttempts = reader.integer(WEBHOOK_MAX_ATTEMPTS, 1, 100);
        Duration retryDelay = reader.positiveDuration(WEBHOOK_RETRY_DELAY);
        if (retryDelay.compareTo(LONGEST_RETRY_DELAY) > 0) {
            throw reader.invalid(WEBHOOK_RETRY_DELAY, "must not exceed " + LONGEST_RETRY_DELAY + ", got " + retryDelay);
        }
        return new MockFiatSettings(currency, decimals, listenHost, listenPort, publicBaseUrl, webhookUrl, webhookSecret,
                webhookTolerance, maxBatchSize, sessionTimeToLive,
                new DeliveryPolicy(maxAttempts, retryDelay, LONGEST_RETRY_DELAY, DELIVERY_TIMEOUT));
    }

    /** The host part of a URL reaching the listen address from this machine: wildcard addresses become loopback. */
    String reachableHost() {
        String host = switch (listenHost) {
            case "0.0.0.0", "*" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "[::1]";
            default -> listenHost;
        };
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static URI withoutTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private record Reader(NetworkConfig config) {
        int integer(String key, int smallest, int largest) {
            int value = config.getInt(key).orElseThrow(() -> invalid(key, "is not set"));
            if (value < smallest || value > largest) {
                throw invalid(key, "must be between " + smallest + " and " + largest + ", got " + value);
            }
            return value;
        }

        Duration positiveDuration(String key) {
            Duration value = config.getDuration(key).orElseThrow(() -> invalid(key, "is not set"));
            if (value.isNegative() || value.isZero()) {
                throw invalid(key, "must be a positive duration, got " + value);
            }
            return value;
        }

        /** @param queryAllowed whether the URL may carry a query (a receiver's token); a base URL that paths are appended to may not */
        Optional<URI> httpUrl(String key, boolean queryAllowed) {
            return config.get(key).map(String::strip).filter(text -> !text.isEmpty()).map(text -> {
                URI url;
                try {
                    url = new URI(text);
                }
                catch (URISyntaxException e) {
                    throw invalid(key, "must be an absolute http or https URL, got '" + text + "': " + e.getReason());
                }
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                    throw invalid(key, "must be an absolute http or https URL with a host, got '" + text + "'");
                }
                if (url.getRawFragment() != null || (!queryAllowed && url.getRawQuery() != null)) {
                    throw invalid(key, "must not have " + (queryAllowed ? "a fragment" : "a query or fragment") + ", got '" + text + "'");
                }
                return url;
            });
        }

        BillingException invalid(String key, String problem) {
            return new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "network '" + config.network() + "': billing.networks." + config.network() + "." + key + " " + problem);
        }
    }
}
