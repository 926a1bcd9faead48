package io.billinggateway.gateway.evm;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A browser wallet stand-in: ethers.js, run by Node from the EVM provider's {@code src/test/node/wallet.mjs} (pinned
 * by its committed package-lock.json, installed with {@code npm ci} on first use). It knows nothing of web3j or the
 * gateway: it verifies EIP-712 signatures and signs and sends the checkout payload it is given.
 */
final class EthersWallet {
    private final Path directory;
    private final JsonMapper json;

    private EthersWallet(Path directory, JsonMapper json) {
        this.directory = directory;
        this.json = json;
    }

    static EthersWallet install(JsonMapper json) {
        Path directory = Path.of("..", "provider-evm", "src", "test", "node").toAbsolutePath().normalize();
        if (!Files.isDirectory(directory.resolve("node_modules/ethers"))) {
            run(directory, List.of("npm", "ci", "--no-audit", "--no-fund"), null, 180);
        }
        return new EthersWallet(directory, json);
    }

    /** Signs and sends the gateway's {@code wallet_transaction} payload from the account of {@code privateKey}. */
    JsonNode send(String rpcUrl, String privateKey, JsonNode payload) {
        Map<String, Object> transaction = new LinkedHashMap<>();
        for (String field : List.of("chainId", "to", "data", "value")) {
            transaction.put(field, payload.get(field).getStringValue());
        }
        transaction.put("gasLimit", payload.get("gas").getStringValue());
        return call(Map.of("command", "send", "rpcUrl", rpcUrl, "privateKey", privateKey, "payload", transaction));
    }

    private JsonNode call(Map<String, Object> request) {
        try {
            String answer = run(directory, List.of("node", "wallet.mjs"), json.writeValueAsString(request), 60);
            return json.readValue(answer, JsonNode.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(Path directory, List<String> command, String input, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] output = process.getInputStream().readAllBytes();
            byte[] errors = process.getErrorStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + new String(errors, StandardCharsets.UTF_8));
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
