package io.billinggateway.provider.evm;

import io.billinggateway.contracts.Hex;
import io.billinggateway.provider.evm.rpc.RpcEndpoint;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.Secret;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The validated configuration of one EVM network, read from {@code billing.networks.<network>.*}. The address
 * keys are the ones the contracts' deploy command writes into a network's configuration file, so its output can
 * be used as is.
 *
 * @param rpcEndpoints primary first, then fallbacks in order of preference
 * @param merchant receives the net of subscription payments; the author's account when not configured
 * @param batchLimit the most subscriptions per {@code chargeBatch}; read from the contract when empty
 * @param depositPeriods native-coin subscriptions: renewal periods prepaid as a refundable deposit at checkout
 */
public record EvmSettings(
        String network,
        ChainId chainId,
        List<RpcEndpoint> rpcEndpoints,
        String planManager,
        String subscriptionManager,
        Optional<String> marketplace,
        Optional<String> coreSystem,
        Optional<String> paymentGateway,
        Asset nativeAsset,
        Optional<Asset> token,
        Optional<String> merchant,
        Credentials author,
        Credentials automation,
        Optional<Credentials> operator,
        int confirmations,
        BigInteger maxFeePerGasCap,
        Duration receiptTimeout,
        Duration rpcTimeout,
        Duration rpcRecoveryInterval,
        OptionalInt batchLimit,
        long startBlock,
        int logRange,
        Duration planSignatureTtl,
        Duration checkoutTtl,
        int depositPeriods) {

    public static final String RPC_URLS = "rpc-urls";
    public static final String PLAN_MANAGER_ADDRESS = "plan-manager-address";
    public static final String SUBSCRIPTION_MANAGER_ADDRESS = "subscription-manager-address";
    public static final String MARKETPLACE_ADDRESS = "marketplace-address";
    public static final String CORE_SYSTEM_ADDRESS = "core-system-address";
    public static final String PAYMENT_GATEWAY_ADDRESS = "payment-gateway-address";
    public static final String INSTANCE_ID = "instance-id";
    public static final String TOKEN_ADDRESS = "token-address";
    public static final String TOKEN_CODE = "token-code";
    public static final String TOKEN_DECIMALS = "token-decimals";
    public static final String NATIVE_CODE = "native-code";
    public static final String MERCHANT_ADDRESS = "merchant-address";
    public static final String AUTHOR_KEY = "author-key";
    public static final String AUTOMATION_KEY = "automation-key";
    public static final String OPERATOR_KEY = "operator-key";
    public static final String CONFIRMATIONS = "confirmations";
    public static final String MAX_FEE_PER_GAS_CAP = "max-fee-per-gas-cap";
    public static final String RECEIPT_TIMEOUT = "receipt-timeout";
    public static final String RPC_TIMEOUT = "rpc-timeout";
    public static final String RPC_RECOVERY_INTERVAL = "rpc-recovery-interval";
    public static final String BATCH_LIMIT = "batch-limit";
    public static final String START_BLOCK = "start-block";
    public static final String LOG_RANGE = "log-range";
    public static final String PLAN_SIGNATURE_TTL = "plan-signature-ttl";
    public static final String CHECKOUT_TTL = "checkout-ttl";
    public static final String DEPOSIT_PERIODS = "deposit-periods";

    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.required(RPC_URLS, "JSON-RPC endpoints (http or https), comma-separated, primary first; the provider fails over in this order").editableAtRuntime(),
            ConfigKey.required(PLAN_MANAGER_ADDRESS, "PlanManager contract address (written by the contracts' deploy command)"),
            ConfigKey.required(SUBSCRIPTION_MANAGER_ADDRESS, "SubscriptionManager contract address (written by the contracts' deploy command)"),
            ConfigKey.optional(MARKETPLACE_ADDRESS, "Marketplace contract address; one-time payments are offered only when it is set"),
            ConfigKey.optional(CORE_SYSTEM_ADDRESS, "CoreSystem contract address; when set, health reports whether the keys hold their roles"),
            ConfigKey.optional(PAYMENT_GATEWAY_ADDRESS, "PaymentGateway contract address; ERC-20 payers approve it (named in checkout errors)"),
            ConfigKey.optional(INSTANCE_ID, "the suite's instance label in the CoreSystem registry (written by the deploy command; informational)"),
            ConfigKey.optional(TOKEN_ADDRESS, "an ERC-20 token offered besides the native coin"),
            ConfigKey.optional(TOKEN_CODE, "the token's asset code (e.g. USDT); required with token-address"),
            ConfigKey.optional(TOKEN_DECIMALS, "18", "the token's decimals"),
            ConfigKey.optional(NATIVE_CODE, "ETH", "the native coin's asset code (BNB on bsc, POL on polygon); 18 decimals"),
            ConfigKey.optional(MERCHANT_ADDRESS, "receives the net of subscription payments; defaults to the author key's account"),
            ConfigKey.requiredSecret(AUTHOR_KEY, "private key (hex) holding AUTHOR: signs EIP-712 plans, sells one-time listings, sends createPlan"),
            ConfigKey.requiredSecret(AUTOMATION_KEY, "private key (hex) holding AUTOMATION: sends chargeBatch and markFailedCharge"),
            ConfigKey.optionalSecret(OPERATOR_KEY, "private key (hex) holding OPERATOR: freezes plans and force-cancels subscriptions"),
            ConfigKey.optional(CONFIRMATIONS, "12", "blocks an event must be buried under before it is final (presets: ethereum 12, bsc 15, polygon 64)").editableAtRuntime(),
            ConfigKey.optional(MAX_FEE_PER_GAS_CAP, "500000000000", "the most wei per gas the provider's transactions may pay (EIP-1559 maxFeePerGas, or the legacy gas price)").editableAtRuntime(),
            ConfigKey.optional(RECEIPT_TIMEOUT, "60s", "how long to wait for a sent transaction's receipt before reporting it Pending").editableAtRuntime(),
            ConfigKey.optional(RPC_TIMEOUT, "10s", "how long one JSON-RPC call may take before the endpoint counts as stalled and the next one is tried").editableAtRuntime(),
            ConfigKey.optional(RPC_RECOVERY_INTERVAL, "15s", "how often a preferred endpoint that failed is probed to go back to it").editableAtRuntime(),
            ConfigKey.optional(BATCH_LIMIT, "the most subscriptions per chargeBatch transaction; defaults to the contract's batchLimit").editableAtRuntime(),
            ConfigKey.optional(START_BLOCK, "0", "the first block whose events are read when there is no cursor yet (set it to the deployment block)"),
            ConfigKey.optional(LOG_RANGE, "2000", "the most blocks read with one eth_getLogs call").editableAtRuntime(),
            ConfigKey.optional(PLAN_SIGNATURE_TTL, "1h", "how long an author's plan signature stays valid for createPlan"),
            ConfigKey.optional(CHECKOUT_TTL, "30m", "how long a checkout payload is offered (a one-time listing's on-chain expiry)"),
            ConfigKey.optional(DEPOSIT_PERIODS, "12", "native-coin subscriptions: renewal periods the payer deposits at checkout (refunded on cancellation)"));

    private static final Pattern PRIVATE_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    public EvmSettings {
        requireNonNull(network, "network is null");
        requireNonNull(chainId, "chainId is null");
        rpcEndpoints = List.copyOf(rpcEndpoints);
        requireNonNull(author, "author is null");
        requireNonNull(automation, "automation is null");
        requireNonNull(operator, "operator is null");
    }

    /**
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} naming the key of the first unusable value
     */
    public static EvmSettings from(NetworkConfig config) {
        requireNonNull(config, "config is null");
        Reader reader = new Reader(config);
        if (!config.chainId().isEvm()) {
            throw reader.invalid("chain-id", "must be an eip155 chain for the evm provider, got " + config.chainId());
        }
        List<String> urls = config.getList(RPC_URLS);
        if (urls.isEmpty()) {
            throw reader.invalid(RPC_URLS, "lists no URL");
        }
        List<RpcEndpoint> endpoints = new ArrayList<>();
        for (int index = 0; index < urls.size(); index++) {
            try {
                endpoints.add(RpcEndpoint.parse(index, urls.get(index)));
            }
            catch (IllegalArgumentException e) {
                throw reader.invalid(RPC_URLS, "item " + (index + 1) + " " + e.getMessage());
            }
        }
        Optional<Asset> token = config.get(TOKEN_ADDRESS).map(address -> {
            String code = config.get(TOKEN_CODE).orElseThrow(() -> reader.invalid(TOKEN_CODE, "is required when " + TOKEN_ADDRESS + " is set"));
            return reader.asset(TOKEN_CODE, code, reader.integer(TOKEN_DECIMALS, 0, 36), Optional.of(reader.address(TOKEN_ADDRESS)));
        });
        Asset nativeAsset = reader.asset(NATIVE_CODE, config.get(NATIVE_CODE).orElse("ETH"), 18, Optional.empty());
        if (token.isPresent() && token.get().code().equals(nativeAsset.code())) {
            throw reader.invalid(TOKEN_CODE, "must differ from " + NATIVE_CODE + " '" + nativeAsset.code() + "'");
        }
        return new EvmSettings(
                config.network(),
                config.chainId(),
                endpoints,
                reader.address(PLAN_MANAGER_ADDRESS),
                reader.address(SUBSCRIPTION_MANAGER_ADDRESS),
                reader.optionalAddress(MARKETPLACE_ADDRESS),
                reader.optionalAddress(CORE_SYSTEM_ADDRESS),
                reader.optionalAddress(PAYMENT_GATEWAY_ADDRESS),
                nativeAsset,
                token,
                reader.optionalAddress(MERCHANT_ADDRESS),
                reader.credentials(AUTHOR_KEY, config.requireSecret(AUTHOR_KEY)),
                reader.credentials(AUTOMATION_KEY, config.requireSecret(AUTOMATION_KEY)),
                config.secret(OPERATOR_KEY).map(secret -> reader.credentials(OPERATOR_KEY, secret)),
                reader.integer(CONFIRMATIONS, 0, 10_000),
                reader.wei(MAX_FEE_PER_GAS_CAP),
                reader.duration(RECEIPT_TIMEOUT),
                reader.duration(RPC_TIMEOUT),
                reader.duration(RPC_RECOVERY_INTERVAL),
                config.get(BATCH_LIMIT).isPresent() ? OptionalInt.of(reader.integer(BATCH_LIMIT, 1, 10_000)) : OptionalInt.empty(),
                reader.longValue(START_BLOCK),
                reader.integer(LOG_RANGE, 1, 1_000_000),
                reader.duration(PLAN_SIGNATURE_TTL),
                reader.duration(CHECKOUT_TTL),
                reader.integer(DEPOSIT_PERIODS, 0, 1_000));
    }

    public long evmChainId() {
        return chainId.evmChainId();
    }

    /** The native coin, then the token if one is configured. */
    public List<Asset> assets() {
        List<Asset> assets = new ArrayList<>();
        assets.add(nativeAsset);
        token.ifPresent(assets::add);
        return List.copyOf(assets);
    }

    /** The asset whose on-chain address is {@code tokenAddress} ({@link Hex#ZERO_ADDRESS} for the native coin). */
    public Optional<Asset> assetAt(String tokenAddress) {
        String address = Hex.address(tokenAddress);
        if (address.equals(Hex.ZERO_ADDRESS)) {
            return Optional.of(nativeAsset);
        }
        return token.filter(asset -> asset.address().map(Hex::address).orElseThrow().equals(address));
    }

    /** The on-chain address of an asset of this network ({@link Hex#ZERO_ADDRESS} for the native coin). */
    public static String addressOf(Asset asset) {
        return asset.address().map(Hex::address).orElse(Hex.ZERO_ADDRESS);
    }

    public String merchantAddress() {
        return merchant.orElseGet(() -> Hex.address(author.getAddress()));
    }

    @Override
    public String toString() {
        return "EvmSettings[network=" + network + ", chainId=" + chainId + ", rpc=" + rpcEndpoints + ", author=" + author.getAddress()
                + ", automation=" + automation.getAddress() + ", operator=" + operator.map(Credentials::getAddress).orElse("none") + "]";
    }

    /** Reads values of one network, failing with the key's full name. */
    private record Reader(NetworkConfig config) {
        BillingException invalid(String key, String problem) {
            return new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "network '" + config.network() + "': billing.networks." + config.network() + "." + key + " " + problem);
        }

        String address(String key) {
            String value = config.require(key).strip();
            if (!Hex.isAddress(value)) {
                throw invalid(key, "must be an address (0x and 40 hex digits), got '" + value + "'");
            }
            return Hex.address(value);
        }

        Optional<String> optionalAddress(String key) {
            return config.get(key).isPresent() ? Optional.of(address(key)) : Optional.empty();
        }

        int integer(String key, int min, int max) {
            int value = config.getInt(key).orElseThrow(() -> invalid(key, "is not set"));
            if (value < min || value > max) {
                throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        long longValue(String key) {
            String text = config.require(key).strip();
            try {
                long value = Long.parseLong(text);
                if (value < 0) {
                    throw invalid(key, "must not be negative, got " + value);
                }
                return value;
            }
            catch (NumberFormatException e) {
                throw invalid(key, "must be a block number, got '" + text + "'");
            }
        }

        BigInteger wei(String key) {
            String text = config.require(key).strip();
            try {
                BigInteger value = new BigInteger(text);
                if (value.signum() <= 0) {
                    throw invalid(key, "must be positive, got " + value);
                }
                return value;
            }
            catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number of wei, got '" + text + "'");
            }
        }

        Duration duration(String key) {
            Duration value = config.getDuration(key).orElseThrow(() -> invalid(key, "is not set"));
            if (value.isNegative() || value.isZero()) {
                throw invalid(key, "must be positive, got " + value);
            }
            return value;
        }

        Asset asset(String key, String code, int decimals, Optional<String> address) {
            try {
                return new Asset(code.strip(), decimals, address);
            }
            catch (IllegalArgumentException e) {
                throw invalid(key, e.getMessage());
            }
        }

        /** The value never appears in a message: only the reference it came from. */
        Credentials credentials(String key, Secret secret) {
            String value = secret.reveal();
            if (!PRIVATE_KEY.matcher(value).matches()) {
                throw invalid(key, "(" + secret.reference() + ") must be a private key of 32 bytes in hex");
            }
            return Credentials.create(value.startsWith("0x") ? value.substring(2) : value);
        }
    }
}
