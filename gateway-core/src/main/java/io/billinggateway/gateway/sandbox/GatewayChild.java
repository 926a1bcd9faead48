package io.billinggateway.gateway.sandbox;

import io.billinggateway.gateway.Application;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's gateway: this JVM's class path run again as a process of its own (so its logs, its H2 database lock and
 * its shutdown are its own), configured only by the generated file and the sandbox home, bound to loopback.
 */
final class GatewayChild {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern MOCK_PSP = Pattern.compile("serves hosted checkout at (\\S+)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String url;
    private final Path log;

    private GatewayChild(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static GatewayChild start(SandboxHome home, int port, ChildProcesses children) throws IOException, SandboxException {
        Files.deleteIfExists(home.portFile());
        Path log = home.log("gateway");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Application.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("BILLING_") || variable.startsWith("MICRONAUT_"));
        builder.environment().put("MICRONAUT_CONFIG_FILES", home.configuration().toString());
        builder.environment().put("BILLING_DATA_DIR", home.data().toString());
        builder.environment().put("BILLING_PLUGINS_DIR", home.root().resolve("plugins").toString());
        builder.environment().put("BILLING_HOST", "127.0.0.1");
        builder.environment().put("BILLING_PORT", Integer.toString(port));
        builder.environment().put("BILLING_PORT_FILE", home.portFile().toString());
        Process process = builder.start();
        children.add("gateway", process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SandboxException("the gateway exited with status " + process.exitValue() + ": " + lastLines(log));
            }
            if (Files.isRegularFile(home.portFile())) {
                String url = "http://127.0.0.1:" + Files.readString(home.portFile()).strip();
                if (answers(url)) {
                    return new GatewayChild(process, url, log);
                }
            }
            pause();
        }
        throw new SandboxException("the gateway did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    String url() {
        return url;
    }

    Process process() {
        return process;
    }

    /** The mock PSP's hosted checkout address, as the gateway logged it. */
    Optional<String> mockPspUrl() throws IOException {
        Matcher found = MOCK_PSP.matcher(Files.readString(log));
        return found.find() ? Optional.of(found.group(1)) : Optional.empty();
    }

    private static boolean answers(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/billing/networks")).timeout(Duration.ofSeconds(2)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String lastLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static void pause() throws SandboxException {
        try {
            Thread.sleep(250);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the gateway started");
        }
    }
}
