package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A real local chain: an Anvil process from {@code contracts/node_modules} (installed by the Maven build's
 * {@code npm ci}) with one chain id, on a free port. Starting fails loudly when Anvil is missing or does not
 * come up: contract tests never skip. Time moves only through {@link #increaseTime} /
 * {@link #setNextBlockTimestamp} followed by {@link #mine}.
 */
public final class TestingAnvil implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    /** What {@link #newAccount()} gives every new account. */
    public static final BigInteger FUNDING = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(10_000));

    /** The response of Anvil's own methods, whose results are of varying shapes. */
    public static final class RawResponse extends Response<Object> {}

    private final Process process;
    private final Path cache;
    private final long chainId;
    private final String rpcUrl;
    private final HttpService service;
    private final Web3j web3j;

    private TestingAnvil(Process process, Path cache, long chainId, String rpcUrl) {
        this.process = process;
        this.cache = cache;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
        this.service = new HttpService(rpcUrl);
        this.web3j = Web3j.build(service);
    }

    public static TestingAnvil start(long chainId) {
        Path executable = executable();
        Path cache;
        try {
            // Anvil keeps older states in its cache directory (~/.foundry/anvil/tmp by default, gigabytes for a long test) and
            // does not remove it when it is stopped: each chain gets its own, deleted once the chain has exited.
            cache = Files.createTempDirectory("anvil-" + chainId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a cache directory for Anvil", e);
        }
        List<String> command = List.of(executable.toString(), "--host", "127.0.0.1", "--port", "0",
                "--chain-id", Long.toString(chainId), "--accounts", "1", "--cache-path", cache.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteRecursively(cache);
            throw new IllegalStateException("cannot start Anvil (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        List<String> output = new ArrayList<>();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        if (output.size() < 200) {
                            output.add(line);
                        }
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        address.complete("http://" + matcher.group(1) + ":" + matcher.group(2));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IllegalStateException("Anvil exited"));
        }, "anvil-" + chainId + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String url = address.get(30, TimeUnit.SECONDS);
            TestingAnvil anvil = new TestingAnvil(process, cache, chainId, url);
            long reported = anvil.web3j.ethChainId().send().getChainId().longValueExact();
            if (reported != chainId) {
                throw new IllegalStateException("Anvil reports chain " + reported + ", expected " + chainId);
            }
            return anvil;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            deleteRecursively(cache);
            throw new IllegalStateException("interrupted while starting Anvil", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException | IOException e) {
            destroy(process);
            deleteRecursively(cache);
            synchronized (output) {
                throw new IllegalStateException("Anvil (" + executable + ") did not start for chain " + chainId + ": "
                        + e.getMessage() + "; its output: " + String.join(" | ", output), e);
            }
        }
    }

    /**
     * The native Anvil binary of the installed npm package (so that stopping it leaves no child behind), or the
     * package's launcher in {@code node_modules/.bin}.
     */
    private static Path executable() {
        Path contracts = Path.of(System.getProperty("contracts.directory", ".")).toAbsolutePath();
        String os = switch (System.getProperty("os.name").toLowerCase(Locale.ROOT)) {
            case String name when name.contains("mac") -> "darwin";
            case String name when name.contains("win") -> "win32";
            default -> "linux";
        };
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path binary = contracts.resolve("node_modules/@foundry-rs/anvil-" + os + "-" + arch + "/bin/anvil" + (os.equals("win32") ? ".exe" : ""));
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path launcher = contracts.resolve("node_modules/.bin/anvil");
        if (Files.isExecutable(launcher)) {
            return launcher;
        }
        throw new IllegalStateException("Anvil is not installed under " + contracts.resolve("node_modules")
                + ": run `npm ci` in contracts/ (the Maven build does it in the initialize phase)");
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

    /** A fresh account with 10 000 of the native coin. */
    public Credentials newAccount() {
        try {
            Credentials credentials = Credentials.create(Keys.createEcKeyPair());
            setBalance(credentials.getAddress(), FUNDING);
            return credentials;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a key pair", e);
        }
    }

    public Web3jTransactionSender sender(Credentials credentials) {
        return new Web3jTransactionSender(web3j, credentials, chainId, Duration.ofSeconds(30));
    }

    public void setBalance(String account, BigInteger wei) {
        rpc("anvil_setBalance", account, "0x" + wei.toString(16));
    }

    public BigInteger balance(String account) {
        try {
            return web3j.ethGetBalance(account, DefaultBlockParameterName.LATEST).send().getBalance();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the clock of the next block forward; takes effect at the next {@link #mine()}. */
    public void increaseTime(Duration duration) {
        rpc("evm_increaseTime", duration.getSeconds());
    }

    public void setNextBlockTimestamp(Instant timestamp) {
        rpc("anvil_setNextBlockTimestamp", timestamp.getEpochSecond());
    }

    public void mine() {
        rpc("evm_mine");
    }

    /** With automine off, transactions wait in the pool until {@link #mine()}, so several share one block. */
    public void setAutomine(boolean automine) {
        rpc("evm_setAutomine", automine);
    }

    /** The timestamp of the latest block: "now" for the contracts. */
    public Instant now() {
        try {
            return Instant.ofEpochSecond(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                    .getBlock().getTimestamp().longValueExact());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Object rpc(String method, Object... parameters) {
        try {
            RawResponse response = new Request<>(method, List.of(parameters), service, RawResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
            }
            return response.getResult();
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
        destroy(process);
        deleteRecursively(cache);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove Anvil's cache " + directory, e);
        }
    }

    private static void destroy(Process process) {
        requireNonNull(process, "process is null");
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
