package io.billinggateway.provider.solana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The test-only Node project of {@code src/test/node} (the Solana test chain and Solana Pay's URL parser), installed
 * with {@code npm ci} from its committed lock file into {@code target/solana-test-node}. Installed once per lock
 * file: a stamp holds the lock file's hash. Node and npm must be on the PATH; when they are not, the tests fail
 * saying so, they never skip.
 */
final class TestingNodeProject {
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path INSTALLATION = Path.of("target", "solana-test-node");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private static Path installed;

    private TestingNodeProject() {
    }

    /** The installed project's directory (absolute), installing it first when its lock file changed. */
    static synchronized Path directory() {
        if (installed != null) {
            return installed;
        }
        try {
            Path target = INSTALLATION.toAbsolutePath();
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(SOURCES)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String lockHash = sha256(Files.readAllBytes(target.resolve("package-lock.json")));
            Path stamp = target.resolve("node_modules").resolve(".installed-lock-sha256");
            if (!Files.exists(stamp) || !Files.readString(stamp).strip().equals(lockHash)) {
                run(target, INSTALL_TIMEOUT, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
                Files.writeString(stamp, lockHash);
            }
            installed = target;
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the test Node project from " + SOURCES.toAbsolutePath(), e);
        }
    }

    /** A command of the project ({@code node script.mjs ...}) in its directory, with Node found or explained. */
    static ProcessBuilder node(String script, String... arguments) {
        Path directory = directory();
        List<String> command = Stream.concat(Stream.of(executable("node"), script), Stream.of(arguments)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // solana-bankrun logs every instruction at DEBUG unless told otherwise.
        builder.environment().put("RUST_LOG", "error");
        return builder;
    }

    /** Runs a command to completion and returns its standard output; fails with its output when it fails. */
    static String run(Path directory, Duration timeout, String... command) {
        String[] resolved = command.clone();
        resolved[0] = executable(command[0]);
        try {
            Path log = Files.createTempFile("solana-test-node-", ".log");
            Process process = new ProcessBuilder(resolved).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ": " + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with status " + process.exitValue() + ":\n" + output);
            }
            return output;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("'" + name + "' is not on the PATH (" + path + "). The Solana tests need Node.js 20+ and npm: they run a Solana "
                + "bank (solana-bankrun) and Solana Pay's parser from src/test/node. Install Node.js (e.g. apt-get install nodejs npm) and run again.");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
