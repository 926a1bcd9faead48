package io.billinggateway.provider.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billinggateway.spi.CheckoutPayload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * ethers.js, run by Node from {@code src/test/node/wallet.mjs}: an implementation independent of web3j that
 * verifies EIP-712 signatures and sends checkout payloads as a browser wallet would. {@link #install()} runs
 * {@code npm ci} (pinned by the committed package-lock.json) when ethers is not installed yet.
 */
final class EthersWallet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    private EthersWallet(Path directory) {
        this.directory = directory;
    }

    static EthersWallet install() {
        Path directory = Path.of(System.getProperty("evm.node.directory", "src/test/node")).toAbsolutePath();
        if (!Files.isDirectory(directory.resolve("node_modules/ethers"))) {
            run(directory, List.of("npm", "ci", "--no-audit", "--no-fund"), null, 180);
        }
        return new EthersWallet(directory);
    }

    /** The address ethers recovers from {@code signature} over the typed data, and the digest ethers computes. */
    JsonNode verifyTypedData(String typedDataJson, String signature) {
        ObjectNode request = JSON.createObjectNode();
        request.put("command", "verify-typed-data");
        request.set("typedData", read(typedDataJson));
        request.put("signature", signature);
        return call(request);
    }

    /** Signs and sends the payload from the account of {@code privateKey}; answers hash, status and sender. */
    JsonNode send(String rpcUrl, String privateKey, CheckoutPayload.WalletTransaction payload) {
        ObjectNode request = JSON.createObjectNode();
        request.put("command", "send");
        request.put("rpcUrl", rpcUrl);
        request.put("privateKey", privateKey);
        ObjectNode transaction = request.putObject("payload");
        transaction.put("chainId", payload.chainId().toString());
        transaction.put("to", payload.to());
        transaction.put("data", payload.data());
        transaction.put("value", payload.value().toString());
        transaction.put("gasLimit", payload.gasLimit().toString());
        return call(request);
    }

    private JsonNode call(ObjectNode request) {
        return read(run(directory, List.of("node", "wallet.mjs"), request.toString(), 60));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(Path directory, List<String> command, String input, int timeoutSeconds) {
        requireNonNull(directory, "directory is null");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] output = process.getInputStream().readAllBytes();
            byte[] errors = process.getErrorStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + new String(errors, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " in " + directory + " (are Node and npm installed?)", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
