package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.Erc20Token;
import io.billinggateway.contracts.EvmRpcException;
import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.Role;
import io.billinggateway.contracts.Web3jTransactionSender;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Deploys the billing suite to one network and records the addresses in that network's configuration file.
 * Idempotent: what the file records is verified on chain and kept, so a second run sends no transaction.
 *
 * <pre>
 * java -cp ... io.billinggateway.contracts.deploy.DeployCommand \
 *     --network polygon --rpc-url https://... --chain-id 137 --deployer-key env:POLYGON_DEPLOYER_KEY \
 *     --config config/networks/polygon.yml --author 0x.. --operator 0x.. --automation 0x.. --governor 0x..
 * </pre>
 *
 * Exit status: 0 done, 1 the deployment failed (node, revert, inconsistent state), 2 bad input. Every failure is
 * one line on standard error; the deployer key is never printed.
 */
public final class DeployCommand {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = """
            usage: gateway deploy --network NAME --rpc-url URL --deployer-key env:NAME|file:/path --config FILE [options]

              --network NAME             the network's name in the configuration (ethereum, bsc, polygon, ...)
              --rpc-url URL              the node's HTTP(S) JSON-RPC endpoint
              --deployer-key REF         the deployer's private key: env:NAME or file:/path (never the key itself)
              --config FILE              the network's YAML file; addresses go under billing.networks.NAME, with
                                         what the gateway needs to load it as is (token-code and token-decimals of
                                         --token, native-code of chains 1, 56 and 137, rpc-urls of a local node);
                                         keys already in the file are kept
              --chain-id N               refuse to run unless the node reports this chain id
              --author ADDRESS           grant AUTHOR (repeatable, or comma-separated); likewise --operator,
              --operator ADDRESS           --automation, --governor, --feature-owner
              --automation ADDRESS
              --governor ADDRESS
              --feature-owner ADDRESS
              --gateway fee|local        fee-taking PaymentGateway (default) or the no-fee 1:1 LocalPaymentGateway
                                         (local chain ids 31337 and 1337 only: it converts any token 1:1)
              --allow-local-gateway-on-chain N
                                         deploy the LocalPaymentGateway on chain N anyway (a test network whose
                                         tokens have no value); N must be the node's chain id
              --fee-receiver ADDRESS     receives the gateway's fees (default: the deployer)
              --fee-bps N                the gateway's fee in basis points, 0..1000 (default 0)
              --token test|ADDRESS       deploy a TestToken, or record an existing ERC-20 as the network's token
              --instance LABEL           the deployment's label in the CoreSystem registry (default: default)
              --active-plan-limit N      active plans per author (default 100)
              --batch-limit N            subscriptions per chargeBatch (default 100)
              --max-retries N            retries before a failing subscription ends, 0..30 (default 3)
              --retry-delay SECONDS      first retry delay, the n-th is n times as long, 3600..2592000 (default 86400)
              --admin-transfer-delay SECONDS  delay for handing over the CoreSystem's admin (default 86400)
            """;

    private static final Set<String> FLAGS = Set.of(
            "--network", "--rpc-url", "--deployer-key", "--config", "--chain-id", "--author", "--operator",
            "--automation", "--governor", "--feature-owner", "--gateway", "--fee-receiver", "--fee-bps", "--token",
            "--instance", "--active-plan-limit", "--batch-limit", "--max-retries", "--retry-delay",
            "--admin-transfer-delay", "--allow-local-gateway-on-chain");
    private static final Map<String, Role> ROLE_FLAGS = Map.of(
            "--author", Role.AUTHOR,
            "--operator", Role.OPERATOR,
            "--automation", Role.AUTOMATION,
            "--governor", Role.GOVERNOR,
            "--feature-owner", Role.FEATURE_OWNER);

    /** Chain ids of local development chains (Anvil, Hardhat, Ganache), where the 1:1 LocalPaymentGateway is safe. */
    static final Set<Long> LOCAL_CHAIN_IDS = Set.of(31_337L, 1_337L);

    /** The native coin's asset code by chain id, where the gateway's default ({@code ETH}) would be wrong or is worth stating. */
    private static final Map<Long, String> NATIVE_CODES = Map.of(1L, "ETH", 56L, "BNB", 137L, "POL");

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    /** @param environment where {@code env:NAME} key references are looked up */
    public DeployCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    public static void main(String[] args) {
        // web3j logs through SLF4J; without a provider on the classpath SLF4J would print three warning lines
        // to standard error, which must carry nothing but the command's own one-line messages.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(new DeployCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** Runs the command. @return the exit status */
    public int run(String... args) {
        Options options;
        Credentials credentials;
        DeploymentSettings settings;
        NetworkConfigFile config;
        try {
            if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
                out.print(USAGE);
                return args.length == 0 ? EXIT_USAGE : EXIT_OK;
            }
            options = Options.parse(args);
            credentials = credentials(options.deployerKey);
            settings = options.settings(Hex.address(credentials.getAddress()));
            config = NetworkConfigFile.read(options.configFile);
        } catch (DeploymentException | IllegalArgumentException e) {
            err.println("deploy: " + e.getMessage() + " (--help for usage)");
            return EXIT_USAGE;
        }
        Web3j web3j = Web3j.build(new HttpService(options.rpcUrl));
        try {
            Web3jTransactionSender sender = Web3jTransactionSender.connect(web3j, credentials);
            long chainId = sender.chainId();
            if (options.expectedChainId.isPresent() && options.expectedChainId.get() != chainId) {
                throw new DeploymentException("the node at " + options.rpcUrl + " is chain " + chainId
                        + ", not the expected " + options.expectedChainId.get());
            }
            Optional<Long> recordedChainId = config.chainId(options.network);
            if (recordedChainId.isPresent() && recordedChainId.get() != chainId) {
                throw new DeploymentException(options.configFile + " records chain " + recordedChainId.get() + " for "
                        + options.network + " but the node at " + options.rpcUrl + " is chain " + chainId);
            }
            checkLocalGateway(settings, options, chainId);
            out.println("deploying to " + options.network + " (chain " + chainId + ") as " + sender.address());
            String network = options.network;
            SuiteDeployer deployer = new SuiteDeployer(web3j, sender, line -> out.println("  " + line));
            SuiteDeployer.Report report = deployer.deploy(settings, config.suite(network),
                    suite -> config.update(network, chainId, settings.instanceLabel(), suite));
            boolean written = config.update(network, chainId, settings.instanceLabel(), report.suite());
            written |= config.addMissing(network, gatewayKeys(options.rpcUrl, chainId, report.suite(), web3j));
            if (!isLoopback(options.rpcUrl)) {
                out.println("  note: rpc-urls is not written for a remote node (its URL may carry an API key); give it as "
                        + "BILLING_NETWORKS_" + network.toUpperCase(Locale.ROOT).replace('-', '_') + "_RPC_URLS");
            }
            report.warnings().forEach(warning -> out.println("  warning: " + warning));
            if (report.changes().isEmpty() && !written) {
                out.println("no changes: " + network + " is up to date");
            } else {
                out.println(report.changes().size() + " change(s); addresses recorded in " + options.configFile);
            }
            return EXIT_OK;
        } catch (DeploymentException | ContractRevertException | EvmRpcException e) {
            err.println("deploy: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("deploy: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            web3j.shutdown();
        }
    }

    /**
     * What the gateway needs besides the addresses to load the file as is: the token's code and decimals (the EVM provider
     * refuses a {@code token-address} without {@code token-code}), the native coin's code where the chain id says it, and
     * the node's URL when it is this machine's (a remote URL may carry an API key, which does not belong in a file).
     */
    private static Map<String, Object> gatewayKeys(String rpcUrl, long chainId, DeployedSuite suite, Web3j web3j) {
        Map<String, Object> keys = new LinkedHashMap<>();
        if (isLoopback(rpcUrl)) {
            keys.put("rpc-urls", rpcUrl);
        }
        Optional.ofNullable(NATIVE_CODES.get(chainId)).ifPresent(code -> keys.put("native-code", code));
        suite.token().ifPresent(address -> {
            Erc20Token token = Erc20Token.at(address, web3j);
            keys.put("token-code", token.symbol());
            keys.put("token-decimals", token.decimals());
        });
        return keys;
    }

    private static boolean isLoopback(String rpcUrl) {
        try {
            String host = URI.create(rpcUrl).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The LocalPaymentGateway converts every token 1:1 without a fee, so on a chain whose tokens have value a buyer pays
     * with a token they minted: refused outside local chain ids unless overridden for exactly this chain.
     */
    private void checkLocalGateway(DeploymentSettings settings, Options options, long chainId) {
        if (settings.gateway() != DeploymentSettings.GatewayKind.LOCAL || LOCAL_CHAIN_IDS.contains(chainId)) {
            return;
        }
        if (options.allowLocalGatewayOnChain.isEmpty()) {
            throw new DeploymentException("--gateway local converts every token 1:1 and is refused on chain " + chainId
                    + " (local chains are 31337 and 1337); use --gateway fee, or --allow-local-gateway-on-chain " + chainId
                    + " for a test network whose tokens have no value");
        }
        if (options.allowLocalGatewayOnChain.get() != chainId) {
            throw new DeploymentException("--allow-local-gateway-on-chain " + options.allowLocalGatewayOnChain.get()
                    + " does not name the node's chain " + chainId);
        }
        out.println("WARNING: deploying the LocalPaymentGateway on chain " + chainId + " (--allow-local-gateway-on-chain): "
                + "every token converts 1:1 with no fee; never do this on a network whose tokens have value");
    }

    private Credentials credentials(SecretReference reference) {
        String key = reference.resolve(environment);
        String digits = key.startsWith("0x") ? key.substring(2) : key;
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            throw new DeploymentException("the deployer key at " + reference + " is not a 32-byte hex private key");
        }
        return Credentials.create(digits);
    }

    /** The parsed command line. */
    private record Options(
            String network,
            String rpcUrl,
            SecretReference deployerKey,
            Path configFile,
            Optional<Long> expectedChainId,
            Optional<Long> allowLocalGatewayOnChain,
            Map<String, List<String>> values) {

        static Options parse(String[] args) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String argument = args[i];
                String flag = argument;
                String value;
                int equals = argument.indexOf('=');
                if (argument.startsWith("--") && equals > 0) {
                    flag = argument.substring(0, equals);
                    value = argument.substring(equals + 1);
                } else {
                    if (i + 1 >= args.length) {
                        throw new DeploymentException(FLAGS.contains(flag) ? flag + " needs a value" : "unknown option " + flag);
                    }
                    value = args[++i];
                }
                if (!FLAGS.contains(flag)) {
                    throw new DeploymentException("unknown option " + flag);
                }
                values.computeIfAbsent(flag, key -> new ArrayList<>()).add(value);
            }
            for (String flag : values.keySet()) {
                if (!ROLE_FLAGS.containsKey(flag) && values.get(flag).size() > 1) {
                    throw new DeploymentException(flag + " is given more than once");
                }
            }
            String network = required(values, "--network");
            if (!network.matches("[a-z0-9][a-z0-9-]*")) {
                throw new DeploymentException("--network must be lowercase letters, digits and dashes: " + network);
            }
            String rpcUrl = required(values, "--rpc-url");
            URI uri;
            try {
                uri = URI.create(rpcUrl);
            } catch (IllegalArgumentException e) {
                throw new DeploymentException("--rpc-url is not a URL: " + rpcUrl);
            }
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new DeploymentException("--rpc-url must be an http(s) URL: " + rpcUrl);
            }
            SecretReference key = SecretReference.parse("--deployer-key", required(values, "--deployer-key"));
            Path config = Path.of(required(values, "--config"));
            Optional<Long> chainId = optional(values, "--chain-id").map(value -> positive("--chain-id", value));
            Optional<Long> allowLocalGateway = optional(values, "--allow-local-gateway-on-chain")
                    .map(value -> positive("--allow-local-gateway-on-chain", value));
            return new Options(network, rpcUrl, key, config, chainId, allowLocalGateway, values);
        }

        DeploymentSettings settings(String deployer) {
            Map<Role, List<String>> roles = new EnumMap<>(Role.class);
            ROLE_FLAGS.forEach((flag, role) -> {
                List<String> accounts = new ArrayList<>();
                for (String value : values.getOrDefault(flag, List.of())) {
                    for (String account : value.split(",")) {
                        accounts.add(address(flag, account.strip()));
                    }
                }
                if (!accounts.isEmpty()) {
                    roles.put(role, accounts);
                }
            });
            DeploymentSettings.GatewayKind gateway = switch (optional(values, "--gateway").orElse("fee")) {
                case "fee" -> DeploymentSettings.GatewayKind.FEE;
                case "local" -> DeploymentSettings.GatewayKind.LOCAL;
                default -> throw new DeploymentException("--gateway is fee or local, not " + values.get("--gateway").getFirst());
            };
            DeploymentSettings.TokenChoice token = optional(values, "--token")
                    .map(value -> value.equals("test")
                            ? DeploymentSettings.TokenChoice.testToken()
                            : DeploymentSettings.TokenChoice.existing(address("--token", value)))
                    .orElse(DeploymentSettings.TokenChoice.none());
            long feeBps = optional(values, "--fee-bps").map(value -> number("--fee-bps", value)).orElse(0L);
            if (feeBps > 1000) {
                throw new DeploymentException("--fee-bps is at most 1000 (10 %): " + feeBps);
            }
            if (gateway == DeploymentSettings.GatewayKind.LOCAL && feeBps != 0) {
                throw new DeploymentException("the local gateway takes no fee; drop --fee-bps or use --gateway fee");
            }
            long maxRetries = optional(values, "--max-retries").map(value -> number("--max-retries", value)).orElse(3L);
            if (maxRetries > DeploymentSettings.MAX_RETRIES) {
                throw new DeploymentException("--max-retries is at most " + DeploymentSettings.MAX_RETRIES + ": " + maxRetries);
            }
            long retryDelay = optional(values, "--retry-delay").map(value -> number("--retry-delay", value)).orElse(86_400L);
            if (retryDelay < DeploymentSettings.MIN_RETRY_DELAY.getSeconds() || retryDelay > DeploymentSettings.MAX_RETRY_DELAY.getSeconds()) {
                throw new DeploymentException("--retry-delay is between " + DeploymentSettings.MIN_RETRY_DELAY.getSeconds() + " and "
                        + DeploymentSettings.MAX_RETRY_DELAY.getSeconds() + " seconds: " + retryDelay);
            }
            return new DeploymentSettings(
                    optional(values, "--instance").orElse("default"),
                    gateway,
                    optional(values, "--fee-receiver").map(value -> address("--fee-receiver", value)).orElse(deployer),
                    (int) feeBps,
                    token,
                    optional(values, "--active-plan-limit").map(value -> positive("--active-plan-limit", value)).orElse(100L),
                    Math.toIntExact(optional(values, "--batch-limit").map(value -> positive("--batch-limit", value)).orElse(100L)),
                    (int) maxRetries,
                    Duration.ofSeconds(retryDelay),
                    Duration.ofSeconds(optional(values, "--admin-transfer-delay")
                            .map(value -> number("--admin-transfer-delay", value)).orElse(86_400L)),
                    roles);
        }

        private static String required(Map<String, List<String>> values, String flag) {
            return optional(values, flag).orElseThrow(() -> new DeploymentException(flag + " is required"));
        }

        private static Optional<String> optional(Map<String, List<String>> values, String flag) {
            List<String> given = values.get(flag);
            return given == null ? Optional.empty() : Optional.of(given.getFirst());
        }

        private static String address(String flag, String value) {
            if (!Hex.isAddress(value)) {
                throw new DeploymentException(flag + " takes an address (0x and 40 hex digits), not '" + value + "'");
            }
            return Hex.address(value);
        }

        private static long number(String flag, String value) {
            try {
                long number = new BigInteger(value).longValueExact();
                if (number < 0) {
                    throw new DeploymentException(flag + " must not be negative: " + value);
                }
                return number;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new DeploymentException(flag + " takes a whole number, not '" + value + "'");
            }
        }

        private static long positive(String flag, String value) {
            long number = number(flag, value);
            if (number == 0) {
                throw new DeploymentException(flag + " must be positive");
            }
            return number;
        }
    }
}
