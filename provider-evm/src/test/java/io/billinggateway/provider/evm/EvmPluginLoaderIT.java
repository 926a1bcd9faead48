package io.billinggateway.provider.evm;

import io.billinggateway.spi.ChainId;
import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;

import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged plugin directory ({@code target/plugin/evm/}: the provider's jar with the contracts' bindings, web3j,
 * Jackson and OkHttp) installed into an empty {@code plugins/} and started by the gateway's own discovery and router,
 * with a host that sees only the SPI. No node is needed: a network whose RPC is unreachable starts, and its health
 * says DOWN.
 */
class EvmPluginLoaderIT extends BasePluginLoaderConformanceTest {
    private static final String ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    @Override
    protected Path pluginPath() {
        return Path.of(System.getProperty("evm.plugin.directory", "target/plugin/evm"));
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("polygon", ChainId.evm(137), Map.of(
                EvmSettings.RPC_URLS, "http://127.0.0.1:9",
                EvmSettings.PLAN_MANAGER_ADDRESS, ADDRESS,
                EvmSettings.SUBSCRIPTION_MANAGER_ADDRESS, ADDRESS,
                EvmSettings.RPC_TIMEOUT, "500ms"), Map.of(EvmSettings.AUTHOR_KEY, KEY, EvmSettings.AUTOMATION_KEY, KEY));
    }
}
