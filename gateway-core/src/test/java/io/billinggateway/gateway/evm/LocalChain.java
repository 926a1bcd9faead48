package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.deploy.DeployCommand;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
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
import java.math.BigInteger;
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
 * One EVM network for the gateway's end-to-end tests and the EVM charge benchmark ({@code bench/charge-evm}): an
 * Anvil process (from the contracts module's pinned npm package) with one chain id and Anvil's well-known development
 * accounts, and the billing suite deployed by the operators' deploy command, which writes the network's YAML
 * configuration exactly as in production.
 */
public final class LocalChain implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final Pattern PRIVATE_KEY = Pattern.compile("^\\((\\d+)\\) (0x[0-9a-fA-F]{64})$");

    /** The development accounts' roles. */
    public static final int DEPLOYER = 0;
    public static final int AUTHOR = 1;
    public static final int AUTOMATION = 2;
    public static final int OPERATOR = 3;
    public static final int PAYER = 4;

    private final String network;
    private final long chainId;
    private final Process process;
    private final Path cache;
    private final String rpcUrl;
    private final List<String> privateKeys;
    private final HttpService service;
    private final Web3j web3j;

    private LocalChain(String network, long chainId, Process process, Path cache, String rpcUrl, List<String> privateKeys) {
        this.network = network;
        this.chainId = chainId;
        this.process = process;
        this.cache = cache;
        this.rpcUrl = rpcUrl;
        this.privateKeys = List.copyOf(privateKeys);
        // Anvil answers slowly on a loaded machine (thousands of transactions, several chains, two gateways): the
        // client's default 10 s read timeout is not what a test of correctness should depend on.
        this.service = new HttpService(rpcUrl, new okhttp3.OkHttpClient.Builder().readTimeout(java.time.Duration.ofMinutes(2)).build());
        this.web3j = Web3j.build(service);
    }

    public static LocalChain start(String network, long chainId) {
        Path anvil = anvil();
        Process process;
        Path cache;
        try {
            // Anvil keeps older states in its cache directory (~/.foundry/anvil/tmp by default, gigabytes for a long test) and
            // does not remove it when it is stopped: each chain gets its own, deleted once the chain has exited.
            cache = Files.createTempDirectory("anvil-" + network + "-");
            process = new ProcessBuilder(anvil.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(chainId),
                    "--cache-path", cache.toString())
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
                return new LocalChain(network, chainId, process, cache, rpc, keys);
            }
        }
        catch (Exception e) {
            process.destroyForcibly();
            deleteAfterExit(process, cache);
            throw new IllegalStateException("Anvil did not start for " + network + " (chain " + chainId + "): " + e, e);
        }
    }

    /** Anvil from the contracts module, seen from a module directory (the tests) or from the repository root (the benchmarks). */
    private static Path anvil() {
        List<Path> tried = new ArrayList<>();
        for (Path root : List.of(Path.of(".."), Path.of("."))) {
            Path modules = root.resolve("contracts").resolve("node_modules").toAbsolutePath().normalize();
            tried.add(modules);
            for (Path candidate : List.of(modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"), modules.resolve(".bin/anvil"))) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Anvil is not installed under " + tried + ": build the contracts module first (its initialize phase runs npm ci)");
    }

    public String network() {
        return network;
    }

    public long chainId() {
        return chainId;
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public Web3j web3j() {
        return web3j;
    }

    /** The private key of a development account (Anvil's well-known test mnemonic). */
    public String privateKey(int account) {
        return privateKeys.get(account);
    }

    public String address(int account) {
        return org.web3j.crypto.Credentials.create(privateKey(account).substring(2)).getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Deploys the suite with the contracts' deploy command, as an operator would, and returns the keys it wrote under
     * {@code billing.networks.<network>} of the network's YAML file.
     */
    public Map<String, String> deploy(Path directory, Map<Integer, Path> keyFiles, String... moreArguments) {
        Path config = directory.resolve(network + ".yml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("--network", network, "--rpc-url", rpcUrl, "--chain-id", Long.toString(chainId),
                "--deployer-key", "file:" + keyFiles.get(DEPLOYER), "--config", config.toString(),
                "--author", address(AUTHOR), "--automation", address(AUTOMATION), "--operator", address(OPERATOR),
                "--gateway", "local", "--allow-local-gateway-on-chain", Long.toString(chainId)));
        arguments.addAll(List.of(moreArguments));
        int status = new DeployCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(arguments.toArray(String[]::new));
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

    /** Anvil's development keys of the deployer and the gateway's roles, one file each, for {@code file:} references. */
    public Map<Integer, Path> writeKeyFiles(Path directory) {
        try {
            Files.createDirectories(directory);
            Map<Integer, Path> files = new java.util.HashMap<>();
            for (int account : List.of(DEPLOYER, AUTHOR, AUTOMATION, OPERATOR)) {
                files.put(account, Files.writeString(directory.resolve("anvil-" + account + ".key"), privateKey(account) + "\n"));
            }
            return files;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mine(long blocks) {
        rpc("anvil_mine", "0x" + Long.toHexString(blocks));
    }

    /** Moves the chain's clock; takes effect with the next block. */
    public void increaseTime(Duration duration) {
        rpc("evm_increaseTime", duration.getSeconds());
        mine(1);
    }

    public Instant now() {
        try {
            return Instant.ofEpochSecond(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets {@link #sendAs} send from any address without its key ({@code anvil_autoImpersonateAccount}). */
    public void impersonateEveryone(boolean enabled) {
        rpc("anvil_autoImpersonateAccount", enabled);
    }

    /** Sets the balance of every one of {@code addresses}, in one JSON-RPC batch. */
    public void setBalances(List<String> addresses, BigInteger wei) {
        rpcBatch("anvil_setBalance", addresses.stream().<List<?>>map(address -> List.of(address, "0x" + wei.toString(16))).toList());
    }

    /**
     * Sends {@code call} from each of {@code senders} unsigned, in one JSON-RPC batch, as Anvil lets impersonated
     * accounts do (see {@link #impersonateEveryone}). Anvil estimates the gas and mines each transaction on its own, but
     * may answer before it has: wait for the last receipt before reading what they did.
     *
     * @return the transaction hashes, in the order of {@code senders}
     */
    public List<String> sendAs(List<String> senders, ContractCall call) {
        List<List<?>> transactions = new ArrayList<>();
        for (String sender : senders) {
            Map<String, String> transaction = new LinkedHashMap<>();
            transaction.put("from", sender);
            transaction.put("to", call.to());
            transaction.put("data", call.data());
            transaction.put("value", "0x" + call.value().toString(16));
            transactions.add(List.of(transaction));
        }
        return rpcBatch("eth_sendTransaction", transactions).stream().map(String.class::cast).toList();
    }

    /** How many transactions {@code address} has sent (its nonce) as of the latest block. */
    public long transactionCount(String address) {
        try {
            return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long blockNumber() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response of Anvil's own methods. */
    static final class RawResponse extends Response<Object> {
    }

    public Object rpc(String method, Object... parameters) {
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

    /** One JSON-RPC batch of the same method; the results in order, or the first error. */
    private List<Object> rpcBatch(String method, List<List<?>> parameterLists) {
        if (parameterLists.isEmpty()) {
            return List.of();
        }
        BatchRequest batch = web3j.newBatch();
        parameterLists.forEach(parameters -> batch.add(new Request<>(method, parameters, service, RawResponse.class)));
        try {
            List<Object> results = new ArrayList<>();
            for (Response<?> response : batch.send().getResponses()) {
                if (response.hasError()) {
                    throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
                }
                results.add(response.getResult());
            }
            return results;
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
        deleteAfterExit(process, cache);
    }

    /** Removes Anvil's cache directory once the process has exited (a state file is still open until then). */
    private static void deleteAfterExit(Process process, Path cache) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            // still running: delete what can be deleted
        }
        try (var paths = Files.walk(cache)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot remove Anvil's cache " + cache, e);
        }
    }
}
