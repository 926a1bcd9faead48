package io.billinggateway.provider.solana;

import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.spi.ChainId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Solana runtime for tests: {@code src/test/node/solana-test-chain.mjs}, a JSON-RPC shim over solana-bankrun,
 * in a Node process of its own on a free port. It answers the standard methods the provider uses and test-only
 * methods for the payer's side: {@link #pay} has Solana Pay's own library parse a transfer request URL and build
 * the transfer as a wallet does. The process ends when this object is closed (or when the test JVM dies, since it
 * exits when its standard input closes).
 */
final class TestingSolanaChain implements AutoCloseable {
    /** Solana devnet's genesis hash; the chain answers {@code getGenesisHash} with it. */
    static final String DEVNET_GENESIS_HASH = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG";
    /** CAIP-2 of Solana devnet: the first 32 characters of its genesis hash. */
    static final ChainId DEVNET = ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream keepAlive;
    private final URI rpcUrl;
    private final Path log;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong ids = new AtomicLong();

    private TestingSolanaChain(Process process, URI rpcUrl, Path log) {
        this.process = process;
        this.keepAlive = process.getOutputStream();
        this.rpcUrl = rpcUrl;
        this.log = log;
    }

    static TestingSolanaChain start() {
        try {
            Path log = Files.createTempFile("solana-test-chain-", ".log");
            Process process = TestingNodeProject.node("solana-test-chain.mjs", "--genesis-hash", DEVNET_GENESIS_HASH)
                    .redirectError(log.toFile())
                    .start();
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return output.readLine();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String line;
            try {
                line = firstLine.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                throw new AssertionError("the Solana test chain did not start within " + START_TIMEOUT + ": " + Files.readString(log), e);
            }
            if (line == null || !line.startsWith("listening on ")) {
                process.destroyForcibly();
                throw new AssertionError("the Solana test chain did not start (first line: " + line + "): " + Files.readString(log));
            }
            return new TestingSolanaChain(process, URI.create("http://127.0.0.1:" + line.substring("listening on ".length()).strip()), log);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the Solana test chain", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting the Solana test chain", e);
        }
    }

    URI rpcUrl() {
        return rpcUrl;
    }

    /** A new SPL token mint with the given decimals. */
    String createMint(int decimals) {
        return result("test_createMint", Map.of("decimals", decimals)).string("mint");
    }

    /** A new funded wallet with an (empty) associated token account for each mint, ready to receive. */
    String newRecipient(String... mints) {
        return result("test_newRecipient", Map.of("mints", List.of(mints))).string("address");
    }

    /** Pays a transfer request as a wallet would; returns the transaction's signature. */
    String pay(URI transferRequest) {
        return pay(transferRequest, Map.of());
    }

    /**
     * Pays a transfer request with some of its fields replaced, as a careless or hostile payer would: {@code amount}
     * (a decimal string of whole units), {@code recipient} (an address), {@code splToken} (a mint, or {@code null} for
     * SOL), {@code lamports} (the payer's balance).
     */
    String pay(URI transferRequest, Map<String, Object> overrides) {
        Map<String, Object> request = new LinkedHashMap<>(overrides);
        request.put("url", transferRequest.toString());
        JsonObject sent = result("test_payUrl", request);
        if (sent.has("err")) {
            throw new AssertionError("the transfer failed on the test chain: " + Json.write(sent.get("err")));
        }
        return sent.string("signature");
    }

    JsonObject result(String method, Object parameter) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("jsonrpc", "2.0");
        envelope.put("id", ids.incrementAndGet());
        envelope.put("method", method);
        envelope.put("params", List.of(parameter));
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(envelope))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject answer = Json.parseObject(response.body());
            if (answer.has("error")) {
                throw new AssertionError("the Solana test chain refused " + method + ": " + Json.write(answer.get("error")));
            }
            return answer.object("result");
        }
        catch (IOException e) {
            throw new AssertionError("the Solana test chain is unreachable (" + method + "); its log: " + logText(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while calling the Solana test chain", e);
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        }
        catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        }
        catch (IOException e) {
            // the process is destroyed below either way
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        client.close();
        try {
            Files.deleteIfExists(log);
        }
        catch (IOException e) {
            // a temporary file left behind
        }
    }
}
