package io.billinggateway.gateway.sandbox;

import io.billinggateway.gateway.Application;
import io.billinggateway.gateway.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's acceptance: {@code gateway sandbox} run headless as a child process (gateway on port 0, chains on ports the
 * system chooses) reaches "ready", the printed commands buy the one-time product on fiat and on bsc (confirmed by the
 * gateway), and stopping it with SIGTERM leaves none of the processes it started (Anvil, the gateway) running.
 */
class SandboxTest {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path home;

    @Test
    void sandboxBuysOnFiatAndBscThroughThePrintedCommandsAndLeavesNoProcessBehind() throws Exception {
        Process sandbox = start(Map.of(), "--home", home.toString(), "--port", "0");
        List<String> output = collect(sandbox);
        List<ProcessHandle> started = new ArrayList<>();
        try {
            List<String> lines = Eventually.await("the sandbox's ready line", READY_TIMEOUT, () -> snapshot(output),
                    seen -> !sandbox.isAlive() || seen.stream().anyMatch(line -> line.contains(SandboxCommand.READY)));
            assertThat(lines).as(String.join("\n", lines)).anyMatch(line -> line.contains(SandboxCommand.READY));
            assertThat(lines).anyMatch(line -> line.matches("\\[3/7\\] starting chains .* s"));
            assertThat(lines).anyMatch(line -> line.startsWith("  billing_admin "));
            started.addAll(sandbox.descendants().toList());
            assertThat(started).as("three Anvil chains and the gateway").hasSizeGreaterThanOrEqualTo(4);
            for (String network : List.of("fiat", "bsc")) {
                String command = lines.stream().filter(line -> line.startsWith("  " + network + ":")).findFirst().orElseThrow()
                        .substring(("  " + network + ":").length()).strip();
                List<String> bought = runCommand(command);
                assertThat(bought).as(command).anyMatch(line -> line.startsWith("confirmed ") && line.contains(" on " + network));
            }
            assertThat(lines).anyMatch(line -> line.strip().equals("./gateway e2e --home " + home.toAbsolutePath().normalize() + " --network bsc"));
            Process endToEnd = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                    Application.class.getName(), EndToEndCommand.NAME, "--home", home.toString(), "--network", "polygon").redirectErrorStream(true).start();
            List<String> steps = new String(endToEnd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(endToEnd.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(endToEnd.exitValue()).as(String.join("\n", steps)).isZero();
            assertThat(steps).anyMatch(line -> line.startsWith("[1] plan: e2e-polygon-") && line.endsWith("registration on polygon: ACTIVE"))
                    .anyMatch(line -> line.startsWith("[4] chain event: the ledger shows confirmed 1000000000000000 POL tx 0x"))
                    .anyMatch(line -> line.startsWith("[7] audit: ") && line.contains("plan.create"))
                    .contains("e2e on polygon: every step passed");
        }
        finally {
            sandbox.destroy();
            assertThat(sandbox.waitFor(60, TimeUnit.SECONDS)).as("the sandbox stops on SIGTERM").isTrue();
        }
        assertThat(started.stream().filter(ProcessHandle::isAlive).toList()).as("processes left behind").isEmpty();
    }

    @Test
    void withoutNodeOneLineSaysWhatToInstallAndTheExitIsNonZero() throws Exception {
        Path empty = Files.createDirectories(home.resolve("empty-path"));
        Process sandbox = start(Map.of("PATH", empty.toString()), "--home", home.resolve("home").toString(), "--port", "0");
        List<String> output = collect(sandbox);
        assertThat(sandbox.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sandbox.exitValue()).isEqualTo(SandboxCommand.MISSING_TOOL_EXIT_CODE);
        assertThat(snapshot(output)).contains("gateway sandbox: " + Toolchain.MISSING_NODE);
        assertThat(snapshot(output)).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
    }

    private static Process start(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Application.class.getName(), SandboxCommand.NAME));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(variable -> variable.startsWith("BILLING_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The process's output lines as they come, read by a thread of their own. */
    private static List<String> collect(Process process) {
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            }
            catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static List<String> runCommand(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command.split(" ")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(process.exitValue()).as(command + ":\n" + output).isZero();
        return output.lines().toList();
    }
}
