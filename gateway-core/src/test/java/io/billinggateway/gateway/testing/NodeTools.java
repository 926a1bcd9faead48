package io.billinggateway.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code src/test/node} (independent reference implementations), installing their
 * pinned packages with {@code npm ci} first. Fails loudly when Node or npm is missing; never skips.
 */
public final class NodeTools {
    private static final Path DIRECTORY = Path.of("src/test/node").toAbsolutePath();

    private NodeTools() {
    }

    /** The script's exit status and output lines. */
    public record Run(int exitCode, List<String> lines) {
    }

    public static synchronized Run run(String script, String... arguments) {
        try {
            String lockHash = sha256(Files.readAllBytes(DIRECTORY.resolve("package-lock.json")));
            Path marker = DIRECTORY.resolve("node_modules").resolve(".billing-lock-sha256");
            if (!Files.isRegularFile(marker) || !Files.readString(marker).strip().equals(lockHash)) {
                Run install = execute(List.of("npm", "ci", "--no-audit", "--no-fund"));
                if (install.exitCode() != 0) {
                    throw new AssertionError("npm ci in " + DIRECTORY + " failed: " + install.lines());
                }
                Files.writeString(marker, lockHash + "\n");
            }
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(arguments));
            return execute(command);
        }
        catch (IOException e) {
            throw new AssertionError("Node.js and npm are required for this test (" + e.getMessage() + ")", e);
        }
    }

    /** Installs again when package-lock.json changed since the last install (a tool was added or upgraded). */
    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Run execute(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true);
        // Tools such as redocly would otherwise report usage or look for updates over the network.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            return new Run(process.exitValue(), output.lines().toList());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
