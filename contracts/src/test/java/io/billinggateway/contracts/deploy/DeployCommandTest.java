package io.billinggateway.contracts.deploy;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static org.assertj.core.api.Assertions.assertThat;

import io.billinggateway.contracts.CoreSystem;
import io.billinggateway.contracts.Eip712Domain;
import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.PaymentGateway;
import io.billinggateway.contracts.Plan;
import io.billinggateway.contracts.PlanManager;
import io.billinggateway.contracts.Role;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.contracts.TestToken;
import io.billinggateway.contracts.TestingAnvil;
import io.billinggateway.contracts.TypedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.yaml.snakeyaml.Yaml;

class DeployCommandTest {
    private static final BigInteger PRICE = BigInteger.TEN.pow(18);

    private static TestingAnvil ethereum;
    private static TestingAnvil bsc;
    private static TestingAnvil polygon;

    @TempDir
    Path directory;

    @BeforeAll
    static void startChains() {
        ethereum = TestingAnvil.start(1);
        bsc = TestingAnvil.start(56);
        polygon = TestingAnvil.start(137);
    }

    @AfterAll
    static void stopChains() {
        ethereum.close();
        bsc.close();
        polygon.close();
    }

    /** The accounts of one network's deployment. */
    private record Accounts(Credentials deployer, Credentials author, Credentials operator, Credentials automation, Credentials governor) {
        static Accounts on(TestingAnvil anvil) {
            return new Accounts(anvil.newAccount(), anvil.newAccount(), anvil.newAccount(), anvil.newAccount(), anvil.newAccount());
        }

        Map<String, String> environment() {
            return Map.of("DEPLOYER_KEY", privateKey(deployer));
        }
    }

    /** One run of the command: exit status and what it printed. */
    private record Run(int exitStatus, String out, String err) {}

    @Test
    void deployingTwiceToTheSameChainChangesNothingTheSecondTime() throws IOException {
        Accounts accounts = Accounts.on(ethereum);
        Path config = directory.resolve("ethereum.yml");
        Files.writeString(config, "billing:\n  networks:\n    ethereum:\n      rpc-urls: https://example.invalid\n");

        String feeReceiver = ethereum.newAccount().getAddress();
        Run first = deploy(accounts, ethereum, "ethereum", config, "--gateway", "fee", "--fee-bps", "50", "--fee-receiver", feeReceiver);
        assertThat(first.exitStatus()).as(first.err()).isZero();
        assertThat(first.out()).contains("deployed CoreSystem", "deployed PaymentGateway", "deployed PlanManager",
                "deployed SubscriptionManager", "deployed Marketplace", "deployed TestToken", "granted AUTOMATION");
        Map<String, Object> section = section(config, "ethereum");
        assertThat(section).containsKeys("core-system-address", "payment-gateway-address", "plan-manager-address",
                "subscription-manager-address", "marketplace-address", "token-address");
        assertThat(section).containsEntry("chain-id", 1).containsEntry("instance-id", "default")
                .as("an operator's own value is kept").containsEntry("rpc-urls", "https://example.invalid");
        assertThat(section).as("what the gateway needs to load the file as it is (issue 18: token-code is required with token-address)")
                .containsEntry("token-code", "BTT").containsEntry("token-decimals", 18).containsEntry("native-code", "ETH");

        String written = Files.readString(config);
        BigInteger nonce = nonce(ethereum, accounts.deployer());
        Run second = deploy(accounts, ethereum, "ethereum", config, "--gateway", "fee", "--fee-bps", "50", "--fee-receiver", feeReceiver);

        assertThat(second.exitStatus()).as(second.err()).isZero();
        assertThat(second.out()).contains("no changes: ethereum is up to date").doesNotContain("warning");
        assertThat(nonce(ethereum, accounts.deployer())).isEqualTo(nonce);
        assertThat(Files.readString(config)).isEqualTo(written);
        assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(privateKey(accounts.deployer()).substring(2));
        PaymentGateway gateway = PaymentGateway.at(section.get("payment-gateway-address").toString(), ethereum.web3j());
        assertThat(gateway.feeBps()).isEqualTo(50);
        assertThat(gateway.feeReceiver()).isEqualTo(Hex.address(feeReceiver));
        assertThat(gateway.isTokenSupported(section.get("token-address").toString())).isTrue();
        assertThat(gateway.isTokenSupported(PaymentGateway.NATIVE_COIN)).isTrue();

        // What only a governor may change is reported, not changed.
        Run differentFee = deploy(accounts, ethereum, "ethereum", config, "--gateway", "fee", "--fee-bps", "75", "--fee-receiver", feeReceiver);
        assertThat(differentFee.exitStatus()).isZero();
        assertThat(differentFee.out()).contains("warning: the gateway's fee is 50 bps, not the 75 asked for", "no changes");
    }

    @Test
    void chains1And56And137GetThreeIndependentlyWorkingSuites() {
        // One deployer key everywhere, so the contracts even share their addresses; the chains still stay apart.
        Credentials deployer = ethereum.newAccount();
        List<Deployment> deployments = new ArrayList<>();
        for (TestingAnvil anvil : List.of(ethereum, bsc, polygon)) {
            anvil.setBalance(deployer.getAddress(), TestingAnvil.FUNDING);
            Accounts accounts = Accounts.on(anvil);
            accounts = new Accounts(deployer, accounts.author(), accounts.operator(), accounts.automation(), accounts.governor());
            String network = switch ((int) anvil.chainId()) {
                case 1 -> "ethereum";
                case 56 -> "bsc";
                default -> "polygon";
            };
            Path config = directory.resolve(network + ".yml");
            Run run = deploy(accounts, anvil, network, config);
            assertThat(run.exitStatus()).as(run.err()).isZero();
            deployments.add(new Deployment(anvil, accounts, section(config, network)));
        }

        for (Deployment deployment : deployments) {
            deployment.subscribeAndCharge();
        }
        // A plan signed for chain 1's PlanManager is rejected by chain 137's, at the very same address.
        Deployment first = deployments.getFirst();
        Deployment last = deployments.getLast();
        assertThat(last.address("plan-manager-address")).isEqualTo(first.address("plan-manager-address"));
        Plan plan = first.plan();
        String signatureForEthereum = first.sign(plan);
        CoreSystem polygonCore = CoreSystem.at(last.address("core-system-address"), polygon.web3j());
        polygon.sender(last.accounts().deployer()).send(polygonCore.grantRole(Role.AUTHOR, first.accounts().author().getAddress()));
        assertReverts("InvalidPlanSignature", () -> polygon.sender(first.accounts().author())
                .send(last.planManager().createPlan(plan, signatureForEthereum)));
    }

    @Test
    void aDeploymentInterruptedHalfwayIsCompletedWithoutRedeploying() throws IOException {
        Accounts accounts = Accounts.on(bsc);
        Path config = directory.resolve("bsc.yml");
        assertThat(deploy(accounts, bsc, "bsc", config).exitStatus()).isZero();
        Map<String, Object> complete = section(config, "bsc");
        // As if the process died after deploying the SubscriptionManager.
        Files.writeString(config, Files.readString(config).lines()
                .filter(line -> !line.contains("marketplace-address"))
                .reduce("", (text, line) -> text + line + "\n"));

        Run resumed = deploy(accounts, bsc, "bsc", config);

        assertThat(resumed.exitStatus()).as(resumed.err()).isZero();
        // The registry already names the first Marketplace: replacing it waits for the CoreSystem's delay.
        assertThat(resumed.out()).contains("deployed Marketplace", "scheduled Marketplace", "granted PAYMENT_MODULE",
                        "warning: Marketplace is still " + complete.get("marketplace-address"))
                .doesNotContain("deployed CoreSystem", "deployed SubscriptionManager", "registered Marketplace");
        Map<String, Object> after = section(config, "bsc");
        assertThat(after.get("subscription-manager-address")).isEqualTo(complete.get("subscription-manager-address"));
        assertThat(after.get("marketplace-address")).isNotEqualTo(complete.get("marketplace-address"));

        bsc.increaseTime(CoreSystem.SERVICE_CHANGE_DELAY);
        bsc.mine();
        Run completed = deploy(accounts, bsc, "bsc", config);
        assertThat(completed.exitStatus()).as(completed.err()).isZero();
        assertThat(completed.out()).contains("registered Marketplace = " + after.get("marketplace-address")).doesNotContain("warning");
        CoreSystem core = CoreSystem.at(after.get("core-system-address").toString(), bsc.web3j());
        assertThat(core.getService(CoreSystem.instanceId("default"), CoreSystem.MARKETPLACE_SERVICE))
                .contains(after.get("marketplace-address").toString());
    }

    @Test
    void badInputIsOneExplanatoryLineAndANonZeroExit() throws IOException {
        Accounts accounts = Accounts.on(ethereum);
        String key = privateKey(accounts.deployer());
        Path config = directory.resolve("bad.yml");
        String rpc = ethereum.rpcUrl();

        assertOneLine(run(accounts, "--network", "ethereum", "--deployer-key", "env:DEPLOYER_KEY", "--config", config.toString()),
                2, "--rpc-url is required");
        Run literal = run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", key, "--config", config.toString());
        assertOneLine(literal, 2, "literal keys are refused");
        assertThat(literal.err()).doesNotContain(key.substring(2));
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:MISSING", "--config", config.toString()),
                2, "environment variable MISSING is not set");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString(), "--colour", "red"), 2, "unknown option --colour");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString(), "--author", "alice"), 2, "--author takes an address");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", "ws://localhost:1", "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString()), 2, "--rpc-url must be an http(s) URL");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString(), "--chain-id", "56"), 1, "is chain 1, not the expected 56");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", "http://127.0.0.1:1", "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString()), 1, "eth_chainId failed");

        Files.writeString(config, "billing:\n  networks:\n    ethereum:\n      core-system-address: '0x" + "12".repeat(20) + "'\n");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString()), 1, "has no contract code on this chain");
        Files.writeString(config, "billing:\n  networks:\n    ethereum:\n      chain-id: 137\n");
        assertOneLine(run(accounts, "--network", "ethereum", "--rpc-url", rpc, "--deployer-key", "env:DEPLOYER_KEY",
                "--config", config.toString()), 1, "records chain 137");
        assertThat(Files.readString(config)).isEqualTo("billing:\n  networks:\n    ethereum:\n      chain-id: 137\n");
    }

    /** Issue 13: nothing stopped the 1:1 LocalPaymentGateway from being deployed on a real chain. */
    @Test
    void theLocalGatewayIsRefusedOutsideLocalChainIdsUnlessAllowedForThatChain() throws IOException {
        Accounts accounts = Accounts.on(polygon);
        Path config = directory.resolve("local-gateway.yml");

        assertOneLine(deploy(accounts, polygon, "polygon", config, "--gateway", "local"), 1,
                "--gateway local converts every token 1:1 and is refused on chain 137");
        assertOneLine(deploy(accounts, polygon, "polygon", config, "--gateway", "local", "--allow-local-gateway-on-chain", "56"), 1,
                "--allow-local-gateway-on-chain 56 does not name the node's chain 137");
        assertThat(Files.exists(config)).as("nothing was deployed").isFalse();

        Run allowed = deploy(accounts, polygon, "polygon", config, "--gateway", "local", "--allow-local-gateway-on-chain", "137");
        assertThat(allowed.exitStatus()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("WARNING: deploying the LocalPaymentGateway on chain 137");
    }

    @Test
    void aRecordedAddressOfTheWrongContractIsRefused() throws IOException {
        Accounts accounts = Accounts.on(ethereum);
        Path config = directory.resolve("wrong.yml");
        String token = TestToken.deploy(ethereum.sender(accounts.deployer()), ethereum.web3j(), "T", "T").address();
        Files.writeString(config, "billing:\n  networks:\n    ethereum:\n      core-system-address: '" + token + "'\n");

        assertOneLine(deploy(accounts, ethereum, "ethereum", config), 1, "core-system-address " + token + " is TestToken 1.0.0, not a CoreSystem");
    }

    @Test
    void unquotedAddressesInTheConfigurationAreReadAsAddresses() throws IOException {
        Accounts accounts = Accounts.on(polygon);
        Path config = directory.resolve("unquoted.yml");
        assertThat(deploy(accounts, polygon, "polygon", config).exitStatus()).isZero();
        // YAML 1.1 reads 0x… as a hexadecimal number when a person removes the quotes.
        Files.writeString(config, Files.readString(config).replace("'", ""));
        BigInteger nonce = nonce(polygon, accounts.deployer());

        Run again = deploy(accounts, polygon, "polygon", config);

        assertThat(again.exitStatus()).as(again.err()).isZero();
        assertThat(nonce(polygon, accounts.deployer())).isEqualTo(nonce);
    }

    /** A deployed network and the accounts that hold its roles. */
    private record Deployment(TestingAnvil anvil, Accounts accounts, Map<String, Object> section) {
        String address(String key) {
            return Hex.address(section.get(key).toString());
        }

        PlanManager planManager() {
            return PlanManager.at(address("plan-manager-address"), anvil.web3j());
        }

        Plan plan() {
            return new Plan(accounts.author().getAddress(), anvil.newAccount().getAddress(), address("token-address"), PRICE,
                    Duration.ofDays(30), BigInteger.valueOf(anvil.chainId()), anvil.now().plus(Duration.ofHours(1)), "ipfs://plan");
        }

        String sign(Plan plan) {
            return TypedData.sign(TypedData.hashPlan(Eip712Domain.planManager(anvil.chainId(), planManager().address()), plan),
                    accounts.author().getEcKeyPair());
        }

        /** Publishes a plan, subscribes to it and charges the second period, all through the recorded addresses. */
        void subscribeAndCharge() {
            Plan plan = plan();
            String planHash = planManager().createdPlanHash(anvil.sender(accounts.author()).send(planManager().createPlan(plan, sign(plan))));
            TestToken token = TestToken.at(address("token-address"), anvil.web3j());
            SubscriptionManager subscriptions = SubscriptionManager.at(address("subscription-manager-address"), anvil.web3j());
            Credentials subscriber = anvil.newAccount();
            anvil.sender(subscriber).send(token.mint(subscriber.getAddress(), PRICE.multiply(BigInteger.TWO)));
            anvil.sender(subscriber).send(token.erc20().approve(address("payment-gateway-address"), PRICE.multiply(BigInteger.TWO)));
            BigInteger id = subscriptions.activatedSubscriptionId(anvil.sender(subscriber).send(subscriptions.subscribe(planHash)));
            anvil.increaseTime(Duration.ofDays(30));
            anvil.mine();
            assertThat(subscriptions.chargeOutcomes(anvil.sender(accounts.automation()).send(subscriptions.chargeBatch(List.of(id)))))
                    .singleElement().isInstanceOf(SubscriptionEvent.Charged.class);
            assertThat(token.erc20().balanceOf(plan.merchant())).isEqualTo(PRICE.multiply(BigInteger.TWO));
            assertThat(PaymentGateway.at(address("payment-gateway-address"), anvil.web3j()).typeAndVersion())
                    .isEqualTo("LocalPaymentGateway 2.0.0");
        }
    }

    /**
     * Deploys with the local gateway (allowed on these test chains, whose ids are real networks') unless {@code extra}
     * says otherwise, and a separate account per role.
     */
    private Run deploy(Accounts accounts, TestingAnvil anvil, String network, Path config, String... extra) {
        List<String> args = new ArrayList<>(List.of("--network", network, "--rpc-url", anvil.rpcUrl(),
                "--chain-id", Long.toString(anvil.chainId()), "--deployer-key", "env:DEPLOYER_KEY", "--config", config.toString(),
                "--token", "test", "--author", accounts.author().getAddress(), "--operator", accounts.operator().getAddress(),
                "--automation=" + accounts.automation().getAddress(), "--governor", accounts.governor().getAddress(),
                "--retry-delay", "3600"));
        args.addAll(extra.length == 0
                ? List.of("--gateway", "local", "--allow-local-gateway-on-chain", Long.toString(anvil.chainId()))
                : List.of(extra));
        return run(accounts, args.toArray(String[]::new));
    }

    private static Run run(Accounts accounts, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DeployCommand(accounts.environment(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Run run, int exitStatus, String message) {
        assertThat(run.exitStatus()).as(run.err()).isEqualTo(exitStatus);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("deploy: ").contains(message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Path config, String network) {
        try {
            Map<String, Object> root = new Yaml().load(Files.readString(config));
            return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root.get("billing")).get("networks")).get(network);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger nonce(TestingAnvil anvil, Credentials account) {
        try {
            return anvil.web3j().ethGetTransactionCount(account.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String privateKey(Credentials credentials) {
        return String.format("0x%064x", credentials.getEcKeyPair().getPrivateKey());
    }
}
