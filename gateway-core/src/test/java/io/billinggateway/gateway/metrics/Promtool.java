package io.billinggateway.gateway.metrics;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' {@code promtool}, from the Debian package {@code prometheus}. {@code .ci/run} installs it; on a machine
 * without it the build installs it itself when it runs as root with {@code apt-get} (as a fresh machine of this kind
 * does), and otherwise the tests that need it are skipped with the command to run, except under {@code CI=true}, where
 * a missing promtool fails them.
 */
final class Promtool {
    private static Path located;

    private Promtool() {
    }

    record Run(int exitCode, String output) {
    }

    static synchronized Run run(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(locate().toString());
        command.addAll(List.of(arguments));
        return execute(workingDirectory, command, 120);
    }

    private static Path locate() {
        if (located != null) {
            return located;
        }
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return located = candidate;
            }
        }
        if (isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            System.out.println("promtool is missing: installing the Debian package prometheus (apt-get, about a minute)");
            Run installed = execute(Path.of("."), List.of("/usr/bin/apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus"), 600);
            if (installed.exitCode() != 0) {
                execute(Path.of("."), List.of("/usr/bin/apt-get", "update", "-qq"), 600);
                installed = execute(Path.of("."), List.of("/usr/bin/apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus"), 600);
            }
            if (installed.exitCode() == 0 && Files.isExecutable(Path.of("/usr/bin/promtool"))) {
                return located = Path.of("/usr/bin/promtool");
            }
            throw new AssertionError("installing the Debian package prometheus failed: " + installed.output());
        }
        String advice = "promtool not found: install the Debian package prometheus (sudo apt-get install prometheus); .ci/run does it in CI";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(advice);
        }
        Assumptions.abort(advice);
        throw new IllegalStateException("unreachable");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Run execute(Path directory, List<String> command, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.getFirst(), e);
        }
    }
}
