package io.billinggateway.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The gateway as an operator runs it from its packaged layout ({@code gateway-core/target/gateway/lib/*.jar},
 * main class {@code io.billinggateway.gateway.Application}): a separate process configured only by environment
 * variables, with a home directory holding {@code plugins/}, {@code data/} and its logs.
 */
final class PackagedGateway implements AutoCloseable {
    private static final String MAIN_CLASS = "io.billinggateway.gateway.Application";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lib;
    private final Path home;
    private final Map<String, String> environment;
    private final Process process;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP answer. */
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            }
            catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }
    }

    private PackagedGateway(Path lib, Path home, Map<String, String> environment, Process process, int port) {
        this.lib = lib;
        this.home = home;
        this.environment = environment;
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts the gateway of {@code lib} with {@code home/plugins} and {@code home/data} and the given variables, on a
     * port the system assigns as the gateway binds ({@code BILLING_PORT=0}); reads that port from the file the gateway
     * writes once it serves ({@code BILLING_PORT_FILE}) and waits until it answers {@code GET /v1/billing/networks}.
     */
    static PackagedGateway start(Path lib, Path home, Map<String, String> variables) throws IOException, InterruptedException {
        if (!Files.isRegularFile(lib.resolve("gateway-core.jar"))) {
            throw new IllegalStateException(lib + " holds no packaged gateway; build gateway-core through the package phase first");
        }
        Path portFile = home.resolve("gateway.port");
        // A file left by an earlier run in this home would name a port nobody may listen on any more.
        Files.deleteIfExists(portFile);
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        environment.put("BILLING_DATA_DIR", home.resolve("data").toString());
        environment.put("BILLING_PLUGINS_DIR", Files.createDirectories(home.resolve("plugins")).toString());
        environment.put("BILLING_PORT", "0");
        environment.put("BILLING_PORT_FILE", portFile.toString());
        environment.putAll(variables);
        Process process = java(lib, home, environment, "gateway", List.of()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        int port = awaitPort(process, portFile, deadline, home);
        PackagedGateway gateway = new PackagedGateway(lib, home, environment, process, port);
        gateway.awaitReady(deadline);
        return gateway;
    }

    /** {@code java -cp 'lib/*' io.billinggateway.gateway.Application token <arguments>}: a token signed with this gateway's secret. */
    String token(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("token"));
        command.addAll(List.of(arguments));
        Process minting = java(lib, home, environment, "token", command).start();
        if (!minting.waitFor(60, TimeUnit.SECONDS) || minting.exitValue() != 0) {
            throw new IllegalStateException("token " + command + " failed: " + Files.readString(home.resolve("token.err.log")));
        }
        String output = Files.readString(home.resolve("token.out.log"), StandardCharsets.UTF_8).strip();
        return output.lines().reduce((first, second) -> second).orElseThrow();
    }

    Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Response post(String path, String token, Map<String, String> headers, String json) {
        HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A POST to any URL (a hosted payment page). */
    Response postTo(URI url) {
        return send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** What the gateway wrote to standard error so far, for failure messages. */
    String errors() {
        return errors(home);
    }

    private static String errors(Path home) {
        try {
            return Files.readString(home.resolve("gateway.err.log"), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The port the gateway wrote atomically to {@code portFile} once it listened and its networks ran. */
    private static int awaitPort(Process process, Path portFile, long deadline, Path home) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with status " + process.exitValue() + ":\n" + errors(home));
            }
            try {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            catch (NoSuchFileException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException("the gateway did not report its port in " + portFile + " within " + STARTUP + ":\n" + errors(home));
    }

    private void awaitReady(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with status " + process.exitValue() + ":\n" + errors());
            }
            try {
                HttpResponse<String> response = client.send(request("/v1/billing/networks", null).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException notListeningYet) {
                // retried below
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the gateway did not answer within " + STARTUP + ":\n" + errors());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        }
        catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e + "\ngateway stderr:\n" + errors(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ProcessBuilder java(Path lib, Path home, Map<String, String> environment, String logName, List<String> arguments) {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", lib.resolve("*").toString(), MAIN_CLASS));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectOutput(home.resolve(logName + ".out.log").toFile())
                .redirectError(home.resolve(logName + ".err.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BILLING_"));
        builder.environment().putAll(requireNonNull(environment, "environment is null"));
        return builder;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
