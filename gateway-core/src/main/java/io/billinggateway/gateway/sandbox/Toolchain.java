package io.billinggateway.gateway.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the sandbox runs from npm: Node.js and npm themselves, Anvil (the contracts module's pinned package) and the
 * buyer script's ethers.js (tools/sandbox), each installed with {@code npm ci} from its committed lock file when absent.
 */
final class Toolchain {
    static final String MISSING_NODE = "gateway sandbox needs Node.js 18 or newer and npm (Anvil and the buyer script come from npm):"
            + " install them from https://nodejs.org or your package manager (e.g. apt-get install nodejs npm) and run it again";
    private static final int INSTALL_MINUTES = 5;

    private final Path root;

    Toolchain(Path root) {
        this.root = root;
    }

    /** The checkout this code runs from: the nearest directory above its classes or jar with {@code contracts/package.json}. */
    static Path findRoot() {
        Path start;
        try {
            start = Path.of(Toolchain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (Exception e) {
            start = Path.of("").toAbsolutePath();
        }
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("contracts/package.json"))) {
                return directory;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    Path root() {
        return root;
    }

    /** @return Node's version */
    String checkNode() throws SandboxException {
        try {
            String version = run(root, List.of("node", "--version"), 1).strip();
            run(root, List.of("npm", "--version"), 1);
            return version;
        }
        catch (IOException e) {
            throw new SandboxException(MISSING_NODE);
        }
    }

    /** @return what was installed, empty when everything was there */
    String install() throws SandboxException, IOException {
        StringBuilder installed = new StringBuilder();
        if (anvil() == null) {
            run(root.resolve("contracts"), List.of("npm", "ci", "--no-audit", "--no-fund"), INSTALL_MINUTES);
            installed.append("Anvil");
        }
        if (!Files.isDirectory(buyerDirectory().resolve("node_modules/ethers"))) {
            run(buyerDirectory(), List.of("npm", "ci", "--no-audit", "--no-fund"), INSTALL_MINUTES);
            installed.append(installed.isEmpty() ? "" : " and ").append("ethers.js");
        }
        if (anvil() == null) {
            throw new SandboxException("npm ci in " + root.resolve("contracts") + " installed no Anvil binary for this platform");
        }
        return installed.isEmpty() ? "already installed" : "installed " + installed;
    }

    Path anvil() {
        Path modules = root.resolve("contracts/node_modules");
        for (Path candidate : List.of(modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"), modules.resolve(".bin/anvil"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    Path buyerDirectory() {
        return root.resolve("tools/sandbox");
    }

    private static String run(Path directory, List<String> command, int minutes) throws IOException, SandboxException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new SandboxException(String.join(" ", command) + " did not finish in " + minutes + " min");
            }
            if (process.exitValue() != 0) {
                String last = output.strip().lines().reduce((first, second) -> second).orElse("");
                throw new SandboxException(String.join(" ", command) + " in " + directory + " failed: " + last);
            }
            return output;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new SandboxException("interrupted while running " + String.join(" ", command));
        }
    }
}
