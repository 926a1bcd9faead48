package io.billinggateway.provider.solana;

import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;

import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged plugin directory ({@code target/plugin/solana-poc/}: the provider's jar and bcprov) installed into an
 * empty {@code plugins/} and started by the gateway's own discovery and router, with a host that sees only the SPI.
 * No node is needed: a network whose RPC is unreachable starts, and its health says DOWN.
 */
class SolanaPluginLoaderIT extends BasePluginLoaderConformanceTest {
    @Override
    protected Path pluginPath() {
        return Path.of(System.getProperty("solana.plugin.directory", "target/plugin/solana-poc"));
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("solana-devnet", TestingSolanaChain.DEVNET, Map.of(
                "rpc-url", "http://127.0.0.1:9",
                "recipient", "9Wzdxq2cyY6Kx7zDLDGQ7bBUWvXoNkzQc3ms7SE3fhGr",
                "spl-token-mint", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
                "spl-token-code", "USDC",
                "spl-token-decimals", "6",
                "health-timeout", "500ms"), Map.of());
    }
}
