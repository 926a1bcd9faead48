package io.billinggateway.provider.solana;

import io.billinggateway.provider.solana.pay.Base58;
import io.billinggateway.provider.solana.rpc.Commitment;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One network's settings, read from its {@link NetworkConfig} and checked: a value that is present but unusable
 * stops startup with {@link ErrorCode#CONFIGURATION_INVALID} naming the key.
 *
 * @param rpcUrl the Solana JSON-RPC endpoint
 * @param recipient the merchant's wallet (base58)
 * @param token the one SPL token offered besides SOL, if configured
 * @param label shown by wallets as who is asking; empty to leave it out of the URL
 * @param referenceSecret when set, references are derived from it and the checkout id instead of drawn at random
 */
record SolanaSettings(URI rpcUrl, String recipient, Commitment commitment, Optional<Asset> token, Optional<String> label, Duration checkoutTtl,
                      Duration rpcTimeout, Duration healthTimeout, int signatureLimit, Optional<Secret> referenceSecret) {
    static final String NATIVE_CODE = "SOL";
    static final int NATIVE_DECIMALS = 9;

    static final String RPC_URL = "rpc-url";
    static final String RECIPIENT = "recipient";
    static final String COMMITMENT = "commitment";
    static final String SPL_TOKEN_MINT = "spl-token-mint";
    static final String SPL_TOKEN_CODE = "spl-token-code";
    static final String SPL_TOKEN_DECIMALS = "spl-token-decimals";
    static final String LABEL = "label";
    static final String CHECKOUT_TTL = "checkout-ttl";
    static final String RPC_TIMEOUT = "rpc-timeout";
    static final String HEALTH_TIMEOUT = "health-timeout";
    static final String SIGNATURE_LIMIT = "signature-limit";
    static final String REFERENCE_SECRET = "reference-secret";

    static final List<ConfigKey> KEYS = List.of(
            ConfigKey.required(RPC_URL, "Solana JSON-RPC endpoint (http or https); shown only as scheme://host:port").editableAtRuntime(),
            ConfigKey.required(RECIPIENT, "the merchant's wallet address (base58) that receives SOL and owns the token account that receives the SPL token"),
            ConfigKey.optional(COMMITMENT, "confirmed", "how final a transfer must be before it confirms a payment: confirmed or finalized").editableAtRuntime(),
            ConfigKey.optional(SPL_TOKEN_MINT, "mint address (base58) of the one SPL token offered besides SOL; set with spl-token-code and spl-token-decimals"),
            ConfigKey.optional(SPL_TOKEN_CODE, "the SPL token's asset code, e.g. USDC"),
            ConfigKey.optional(SPL_TOKEN_DECIMALS, "the SPL token's decimals as its mint declares them, e.g. 6"),
            ConfigKey.optional(LABEL, "who is asking, shown by the payer's wallet (Solana Pay label); empty leaves it out"),
            ConfigKey.optional(CHECKOUT_TTL, "24h", "how long a transfer request can be paid; after that the checkout fails as expired").editableAtRuntime(),
            ConfigKey.optional(RPC_TIMEOUT, "10s", "how long one RPC call may take").editableAtRuntime(),
            ConfigKey.optional(HEALTH_TIMEOUT, "2s", "how long the health probe may take").editableAtRuntime(),
            ConfigKey.optional(SIGNATURE_LIMIT, "100", "most transactions read per reference and poll (getSignaturesForAddress limit, 1 to 1000)").editableAtRuntime(),
            ConfigKey.optionalSecret(REFERENCE_SECRET, "secret (env:/file: reference) from which reference keys are derived per checkout; "
                    + "without it each reference is random and kept in the data directory"));

    SolanaSettings {
        requireNonNull(rpcUrl, "rpcUrl is null");
        requireNonNull(recipient, "recipient is null");
        requireNonNull(commitment, "commitment is null");
        requireNonNull(token, "token is null");
        requireNonNull(label, "label is null");
        requireNonNull(checkoutTtl, "checkoutTtl is null");
        requireNonNull(rpcTimeout, "rpcTimeout is null");
        requireNonNull(healthTimeout, "healthTimeout is null");
        requireNonNull(referenceSecret, "referenceSecret is null");
    }

    static SolanaSettings from(NetworkConfig config) {
        requireNonNull(config, "config is null");
        URI rpcUrl = rpcUrl(config);
        String recipient = config.require(RECIPIENT).strip();
        if (!Base58.isAddress(recipient)) {
            throw invalid(config, RECIPIENT, "must be a base58 Solana address of 32 bytes");
        }
        String commitmentText = config.get(COMMITMENT).orElse("confirmed");
        Commitment commitment = Commitment.parse(commitmentText)
                .orElseThrow(() -> invalid(config, COMMITMENT, "must be confirmed or finalized, got '" + commitmentText + "'"));
        Optional<Asset> token = token(config);
        Optional<String> label = config.get(LABEL).map(String::strip).filter(text -> !text.isEmpty());
        if (label.isPresent() && label.get().length() > 200) {
            throw invalid(config, LABEL, "must be at most 200 characters");
        }
        Duration checkoutTtl = positive(config, CHECKOUT_TTL, Duration.ofHours(24));
        Duration rpcTimeout = positive(config, RPC_TIMEOUT, Duration.ofSeconds(10));
        Duration healthTimeout = positive(config, HEALTH_TIMEOUT, Duration.ofSeconds(2));
        int signatureLimit = config.getInt(SIGNATURE_LIMIT).orElse(100);
        if (signatureLimit < 1 || signatureLimit > 1000) {
            throw invalid(config, SIGNATURE_LIMIT, "must be between 1 and 1000, got " + signatureLimit);
        }
        Optional<Secret> referenceSecret = config.secret(REFERENCE_SECRET);
        if (referenceSecret.isPresent() && referenceSecret.get().revealBytes().length < 16) {
            throw invalid(config, REFERENCE_SECRET, "must hold at least 16 bytes (its value is not shown)");
        }
        return new SolanaSettings(rpcUrl, recipient, commitment, token, label, checkoutTtl, rpcTimeout, healthTimeout, signatureLimit, referenceSecret);
    }

    /** SOL first, then the configured token. */
    List<Asset> assets() {
        List<Asset> assets = new ArrayList<>();
        assets.add(Asset.nativeAsset(NATIVE_CODE, NATIVE_DECIMALS));
        token.ifPresent(assets::add);
        return List.copyOf(assets);
    }

    private static URI rpcUrl(NetworkConfig config) {
        String text = config.require(RPC_URL).strip();
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(config, RPC_URL, "must be an absolute http or https URL");
            }
            return uri;
        }
        catch (URISyntaxException e) {
            throw invalid(config, RPC_URL, "must be an absolute http or https URL");
        }
    }

    private static Optional<Asset> token(NetworkConfig config) {
        Optional<String> mint = config.get(SPL_TOKEN_MINT).map(String::strip).filter(text -> !text.isEmpty());
        Optional<String> code = config.get(SPL_TOKEN_CODE).map(String::strip).filter(text -> !text.isEmpty());
        Optional<Integer> decimals = config.getInt(SPL_TOKEN_DECIMALS);
        if (mint.isEmpty() && code.isEmpty() && decimals.isEmpty()) {
            return Optional.empty();
        }
        if (mint.isEmpty() || code.isEmpty() || decimals.isEmpty()) {
            throw invalid(config, mint.isEmpty() ? SPL_TOKEN_MINT : code.isEmpty() ? SPL_TOKEN_CODE : SPL_TOKEN_DECIMALS,
                    "is missing: an SPL token needs " + SPL_TOKEN_MINT + ", " + SPL_TOKEN_CODE + " and " + SPL_TOKEN_DECIMALS + " together");
        }
        if (!Base58.isAddress(mint.get())) {
            throw invalid(config, SPL_TOKEN_MINT, "must be a base58 Solana address of 32 bytes");
        }
        if (code.get().equalsIgnoreCase(NATIVE_CODE)) {
            throw invalid(config, SPL_TOKEN_CODE, "must differ from " + NATIVE_CODE + ", the native coin's code");
        }
        if (decimals.get() < 0 || decimals.get() > 18) {
            throw invalid(config, SPL_TOKEN_DECIMALS, "must be between 0 and 18, got " + decimals.get());
        }
        try {
            return Optional.of(Asset.token(code.get(), decimals.get(), mint.get()));
        }
        catch (IllegalArgumentException e) {
            throw invalid(config, SPL_TOKEN_CODE, e.getMessage());
        }
    }

    private static Duration positive(NetworkConfig config, String key, Duration fallback) {
        Duration value = config.getDuration(key).orElse(fallback);
        if (value.isNegative() || value.isZero()) {
            throw invalid(config, key, "must be positive, got " + value);
        }
        return value;
    }

    private static BillingException invalid(NetworkConfig config, String key, String problem) {
        return new BillingException(ErrorCode.CONFIGURATION_INVALID, "network '" + config.network() + "': billing.networks." + config.network() + "." + key + " " + problem);
    }
}
