package io.billinggateway.gateway.testing;

import io.billinggateway.gateway.Application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as an operator runs it: {@code java ... Application [args]} in a process of its own, configured only by
 * environment variables, with its output in {@code <directory>/stdout.log} and {@code stderr.log}. Tests use it to
 * run several gateways on one database and to {@code kill -9} them.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path directory;
    private final Process process;
    private final int port;

    private GatewayProcess(String name, Path directory, Process process, int port) {
        this.name = name;
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a gateway process in {@code directory} (its working directory, data and plugins directories unless the
     * environment names others). Every {@code BILLING_*} variable of this JVM is removed first; {@code BILLING_PORT}
     * is a free port unless given.
     */
    public static GatewayProcess start(String name, Path directory, Map<String, String> environment, String... arguments) {
        try {
            Files.createDirectories(directory);
            int port = environment.containsKey("BILLING_PORT") ? Integer.parseInt(environment.get("BILLING_PORT")) : freePort();
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), Application.class.getName()));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("stderr.log").toFile()));
            builder.environment().keySet().removeIf(variable -> variable.startsWith("BILLING_"));
            builder.environment().put("BILLING_DATA_DIR", directory.resolve("data").toString());
            builder.environment().put("BILLING_PLUGINS_DIR", directory.resolve("plugins").toString());
            builder.environment().put("BILLING_PORT", Integer.toString(port));
            builder.environment().putAll(environment);
            return new GatewayProcess(name, directory, builder.start(), port);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start gateway process " + name, e);
        }
    }

    /** Waits until the HTTP API answers; fails with the process's output when it exits or does not answer in time. */
    public GatewayProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway process " + name + " exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(url("/v1/billing/networks")).timeout(Duration.ofSeconds(2)).build();
                if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new AssertionError("gateway process " + name + " did not answer within " + timeout + ":\n" + output());
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port).resolve(path);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * {@code kill -9}: no shutdown hook, no finished batch, no released claim. Waits until the process is gone.
     *
     * @return its exit status, 137 when SIGKILL ended it
     */
    public int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("gateway process " + name + " survived SIGKILL");
            }
            return process.exitValue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to exit by itself; returns its status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("gateway process " + name + " still runs after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the process wrote to standard error. */
    public String errors() {
        try {
            return Files.readString(directory.resolve("stderr.log"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last 60 lines of standard output and standard error. */
    public String output() {
        List<String> lines = new ArrayList<>();
        for (String file : List.of("stdout.log", "stderr.log")) {
            try {
                lines.addAll(Files.readAllLines(directory.resolve(file)));
            }
            catch (IOException e) {
                lines.add("(no " + file + ": " + e.getMessage() + ")");
            }
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Stops the process gracefully (SIGTERM), forcibly after 20 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
