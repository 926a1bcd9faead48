package io.billinggateway.gateway.sandbox;

import io.billinggateway.contracts.deploy.DeployCommand;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The billing suite on one sandbox chain: the network file the operators' deploy command wrote on an earlier run when
 * the chain's kept state still has code at every address in it, else a fresh deployment by that command (with the
 * local 1:1 gateway Anvil's chain ids need).
 *
 * @param settings the keys the deploy command wrote under {@code billing.networks.<network>}
 * @param reused   whether an earlier run's deployment was found on the chain
 */
record ChainDeployment(Map<String, Object> settings, boolean reused) {
    static ChainDeployment deployOrReuse(AnvilChain chain, SandboxHome home, DevelopmentKeys keys) throws IOException, SandboxException {
        Path file = home.networkFile(chain.network());
        if (chain.stateLoaded()) {
            Optional<Map<String, Object>> earlier = read(file, chain.network());
            if (earlier.isPresent() && deployed(chain, earlier.get())) {
                return new ChainDeployment(earlier.get(), true);
            }
        }
        Files.deleteIfExists(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DeployCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(
                "--network", chain.network(), "--rpc-url", chain.rpcUrl(), "--chain-id", Long.toString(chain.chainId()),
                "--deployer-key", "file:" + home.keyFile("deployer"), "--config", file.toString(),
                "--author", keys.address(DevelopmentKeys.AUTHOR), "--automation", keys.address(DevelopmentKeys.AUTOMATION),
                "--operator", keys.address(DevelopmentKeys.OPERATOR),
                "--gateway", "local", "--allow-local-gateway-on-chain", Long.toString(chain.chainId()));
        if (status != 0) {
            String reason = err.toString(StandardCharsets.UTF_8).strip().lines().findFirst().orElse("exit status " + status);
            throw new SandboxException("the deploy command failed on " + chain.network() + ": " + reason);
        }
        return new ChainDeployment(read(file, chain.network())
                .orElseThrow(() -> new SandboxException("the deploy command wrote no billing.networks." + chain.network() + " to " + file)), false);
    }

    private static boolean deployed(AnvilChain chain, Map<String, Object> settings) throws IOException {
        for (Map.Entry<String, Object> setting : settings.entrySet()) {
            if (setting.getKey().endsWith("-address") && !chain.hasCode(String.valueOf(setting.getValue()))) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> read(Path file, String network) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Object root = new Yaml().load(Files.readString(file));
        for (String key : new String[] {"billing", "networks", network}) {
            if (!(root instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            root = map.get(key);
        }
        return root instanceof Map<?, ?> section ? Optional.of(new LinkedHashMap<>((Map<String, Object>) section)) : Optional.empty();
    }
}
