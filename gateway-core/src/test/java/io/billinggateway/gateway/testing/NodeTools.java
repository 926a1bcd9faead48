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
            if (!Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
                Run install = execute(List.of("npm", "ci", "--no-audit", "--no-fund"));
                if (install.exitCode() != 0) {
                    throw new AssertionError("npm ci in " + DIRECTORY + " failed: " + install.lines());
                }
            }
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(arguments));
            return execute(command);
        }
        catch (IOException e) {
            throw new AssertionError("Node.js and npm are required for this test (" + e.getMessage() + ")", e);
        }
    }

    private static Run execute(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
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
