package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.deploy.DeployCommand;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.yaml.snakeyaml.Yaml;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One EVM network for the gateway's end-to-end tests: an Anvil process (from the contracts module's pinned npm
 * package) with one chain id and Anvil's well-known development accounts, and the billing suite deployed by the
 * operators' deploy command, which writes the network's YAML configuration exactly as in production.
 */
final class LocalChain implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final Pattern PRIVATE_KEY = Pattern.compile("^\\((\\d+)\\) (0x[0-9a-fA-F]{64})$");

    /** The development accounts' roles. */
    static final int DEPLOYER = 0;
    static final int AUTHOR = 1;
    static final int AUTOMATION = 2;
    static final int OPERATOR = 3;
    static final int PAYER = 4;

    private final String network;
    private final long chainId;
    private final Process process;
    private final String rpcUrl;
    private final List<String> privateKeys;
    private final HttpService service;
    private final Web3j web3j;

    private LocalChain(String network, long chainId, Process process, String rpcUrl, List<String> privateKeys) {
        this.network = network;
        this.chainId = chainId;
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.privateKeys = List.copyOf(privateKeys);
        this.service = new HttpService(rpcUrl);
        this.web3j = Web3j.build(service);
    }

    static LocalChain start(String network, long chainId) {
        Path anvil = anvil();
        Process process;
        try {
            process = new ProcessBuilder(anvil.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(chainId))
                    .redirectErrorStream(true).start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start " + anvil, e);
        }
        List<String> keys = new ArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher key = PRIVATE_KEY.matcher(line.strip());
                    if (key.matches()) {
                        synchronized (keys) {
                            keys.add(key.group(2));
                        }
                    }
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        url.complete("http://" + listening.group(1) + ":" + listening.group(2));
                    }
                }
            }
            catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("Anvil exited"));
        }, "anvil-" + network);
        reader.setDaemon(true);
        reader.start();
        try {
            String rpc = url.get(30, TimeUnit.SECONDS);
            synchronized (keys) {
                if (keys.size() <= PAYER) {
                    throw new IllegalStateException("Anvil printed " + keys.size() + " development keys, expected at least " + (PAYER + 1));
                }
                return new LocalChain(network, chainId, process, rpc, keys);
            }
        }
        catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Anvil did not start for " + network + " (chain " + chainId + "): " + e, e);
        }
    }

    private static Path anvil() {
        Path modules = Path.of("..", "contracts", "node_modules").toAbsolutePath().normalize();
        for (Path candidate : List.of(modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"), modules.resolve(".bin/anvil"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Anvil is not installed under " + modules + ": build the contracts module first (its initialize phase runs npm ci)");
    }

    String network() {
        return network;
    }

    long chainId() {
        return chainId;
    }

    String rpcUrl() {
        return rpcUrl;
    }

    Web3j web3j() {
        return web3j;
    }

    /** The private key of a development account (Anvil's well-known test mnemonic). */
    String privateKey(int account) {
        return privateKeys.get(account);
    }

    String address(int account) {
        return org.web3j.crypto.Credentials.create(privateKey(account).substring(2)).getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Deploys the suite with the contracts' deploy command, as an operator would, and returns the keys it wrote under
     * {@code billing.networks.<network>} of the network's YAML file.
     */
    Map<String, String> deploy(Path directory, Map<Integer, Path> keyFiles) {
        Path config = directory.resolve(network + ".yml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DeployCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(
                "--network", network, "--rpc-url", rpcUrl, "--chain-id", Long.toString(chainId),
                "--deployer-key", "file:" + keyFiles.get(DEPLOYER), "--config", config.toString(),
                "--author", address(AUTHOR), "--automation", address(AUTOMATION), "--operator", address(OPERATOR),
                "--gateway", "local");
        if (status != 0) {
            throw new IllegalStateException("deploying to " + network + " failed: " + err.toString(StandardCharsets.UTF_8));
        }
        try {
            Map<String, Object> root = new Yaml().load(Files.readString(config));
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root.get("billing")).get("networks")).get(network);
            Map<String, String> values = new LinkedHashMap<>();
            section.forEach((key, value) -> values.put(key, String.valueOf(value)));
            return values;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mine(long blocks) {
        rpc("anvil_mine", "0x" + Long.toHexString(blocks));
    }

    /** Moves the chain's clock; takes effect with the next block. */
    void increaseTime(Duration duration) {
        rpc("evm_increaseTime", duration.getSeconds());
        mine(1);
    }

    Instant now() {
        try {
            return Instant.ofEpochSecond(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response of Anvil's own methods. */
    static final class RawResponse extends Response<Object> {
    }

    Object rpc(String method, Object... parameters) {
        try {
            RawResponse response = new Request<>(method, List.of(parameters), service, RawResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
            }
            return response.getResult();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
