package io.billinggateway.provider.evm;

import io.billinggateway.contracts.TestingAnvil;
import io.billinggateway.contracts.TestingBillingSuite;
import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.NetworkConfigurationReader;
import io.billinggateway.router.PluginSource;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.GatewayConfiguration;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A real local chain for the provider's tests: an Anvil process with the billing suite deployed by the contracts'
 * production deployer (a separate account per role, the fee-taking gateway at 1 %, a test token), and the network
 * configuration an operator would write for it.
 */
final class TestingEvmChain implements AutoCloseable {
    /** Confirmation depth of the tests' networks: small, but deep enough to exercise it. */
    static final int CONFIRMATIONS = 2;

    private final TestingAnvil anvil;
    private final TestingBillingSuite suite;

    private TestingEvmChain(TestingAnvil anvil, TestingBillingSuite suite) {
        this.anvil = anvil;
        this.suite = suite;
    }

    static TestingEvmChain start(long chainId) {
        TestingAnvil anvil = TestingAnvil.start(chainId);
        try {
            return new TestingEvmChain(anvil, TestingBillingSuite.deploy(anvil));
        }
        catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    TestingAnvil anvil() {
        return anvil;
    }

    TestingBillingSuite suite() {
        return suite;
    }

    long chainId() {
        return anvil.chainId();
    }

    /** Plain configuration values for this chain's network, reading events from the current head on. */
    Map<String, String> values(String rpcUrls) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(EvmSettings.RPC_URLS, requireNonNull(rpcUrls, "rpcUrls is null"));
        values.put(EvmSettings.PLAN_MANAGER_ADDRESS, suite.plans().address());
        values.put(EvmSettings.SUBSCRIPTION_MANAGER_ADDRESS, suite.subscriptions().address());
        values.put(EvmSettings.MARKETPLACE_ADDRESS, suite.marketplace().address());
        values.put(EvmSettings.CORE_SYSTEM_ADDRESS, suite.core().address());
        values.put(EvmSettings.PAYMENT_GATEWAY_ADDRESS, suite.gateway().address());
        values.put(EvmSettings.TOKEN_ADDRESS, suite.token().address());
        values.put(EvmSettings.TOKEN_CODE, "BTT");
        values.put(EvmSettings.CONFIRMATIONS, Integer.toString(CONFIRMATIONS));
        values.put(EvmSettings.START_BLOCK, Long.toString(headBlock()));
        values.put(EvmSettings.RECEIPT_TIMEOUT, "20s");
        values.put(EvmSettings.RPC_TIMEOUT, "2s");
        return values;
    }

    Map<String, String> values() {
        return values(anvil.rpcUrl());
    }

    /** The keys of the suite's role accounts, as an operator would put them into secret files. */
    Map<String, String> secretValues() {
        return Map.of(
                EvmSettings.AUTHOR_KEY, privateKey(suite.author()),
                EvmSettings.AUTOMATION_KEY, privateKey(suite.automation()),
                EvmSettings.OPERATOR_KEY, privateKey(suite.operator()));
    }

    static String privateKey(Credentials credentials) {
        return Numeric.toHexStringWithPrefixZeroPadded(credentials.getEcKeyPair().getPrivateKey(), 64);
    }

    /** The configuration the gateway's router would hand the factory: validated, defaults applied, secrets resolved. */
    static NetworkConfig config(String network, ChainId chainId, Map<String, String> values, Map<String, String> secretValues) {
        BillingProviderFactory factory = new EvmBillingProviderFactory();
        GatewayConfiguration configuration = GatewayConfiguration.of(factory.providerId(), new ConformanceNetwork(network, chainId, values, secretValues));
        DiscoveredFactory discovered = new DiscoveredFactory(factory, PluginSource.CLASSPATH, factory.getClass().getClassLoader(), factory.providerId(),
                factory.spiVersion(), factory.capabilities(), factory.configKeys());
        return new NetworkConfigurationReader(configuration.properties(), configuration.environment(), configuration.secretResolver(), List.of())
                .read(Map.of(factory.providerId(), discovered))
                .getFirst()
                .config();
    }

    NetworkConfig config(String network, Map<String, String> values) {
        return config(network, ChainId.evm(chainId()), values, secretValues());
    }

    /** The same without {@code operator-key}: the network cannot force-cancel. */
    NetworkConfig configWithoutOperator(String network, Map<String, String> values) {
        Map<String, String> secrets = new LinkedHashMap<>(secretValues());
        secrets.remove(EvmSettings.OPERATOR_KEY);
        return config(network, ChainId.evm(chainId()), values, secrets);
    }

    long headBlock() {
        try {
            return anvil.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mine(int blocks) {
        if (blocks > 0) {
            anvil.rpc("anvil_mine", "0x" + Integer.toHexString(blocks));
        }
    }

    /** Mines enough blocks for everything mined so far to be final at {@link #CONFIRMATIONS}. */
    void confirm() {
        mine(CONFIRMATIONS);
    }

    /** Moves the chain's time to {@code instant} (if it is ahead) with one new block. */
    void advanceTo(Instant instant) {
        Instant now = anvil.now();
        if (instant.isAfter(now)) {
            anvil.setNextBlockTimestamp(instant);
            anvil.mine();
        }
    }

    Credentials newPayer() {
        return anvil.newAccount();
    }

    Optional<String> rpcUrl() {
        return Optional.of(anvil.rpcUrl());
    }

    @Override
    public void close() {
        anvil.close();
    }
}
