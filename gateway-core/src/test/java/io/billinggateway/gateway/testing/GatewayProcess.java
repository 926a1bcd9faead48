package io.billinggateway.gateway.testing;

import io.billinggateway.gateway.Application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
    private final Path portFile;
    private volatile OptionalInt port;

    private GatewayProcess(String name, Path directory, Process process, Path portFile, OptionalInt port) {
        this.name = name;
        this.directory = directory;
        this.process = process;
        this.portFile = portFile;
        this.port = port;
    }

    /**
     * Starts a gateway process in {@code directory} (its working directory, data and plugins directories unless the
     * environment names others). Every {@code BILLING_*} variable of this JVM is removed first. A gateway server (no
     * {@code arguments}) gets {@code BILLING_PORT=0} unless the environment gives a port: the system assigns one as the
     * gateway binds, and the gateway writes it to {@code <directory>/port} ({@code BILLING_PORT_FILE}) once it serves.
     * A command ({@code billing-charge ...}) serves no HTTP and gets no port.
     */
    public static GatewayProcess start(String name, Path directory, Map<String, String> environment, String... arguments) {
        try {
            Files.createDirectories(directory);
            Path portFile = directory.resolve("port");
            // A file left by an earlier process in this directory would name a port nobody may listen on any more.
            Files.deleteIfExists(portFile);
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
            // several processes and test classes share one PostgreSQL server (100 connections by default)
            builder.environment().put("BILLING_DATABASE_POOL_SIZE", "10");
            int givenPort = Integer.parseInt(environment.getOrDefault("BILLING_PORT", "0"));
            if (arguments.length == 0 && givenPort == 0) {
                builder.environment().put("BILLING_PORT", "0");
                builder.environment().put("BILLING_PORT_FILE", portFile.toString());
            }
            builder.environment().putAll(environment);
            return new GatewayProcess(name, directory, builder.start(), portFile, givenPort == 0 ? OptionalInt.empty() : OptionalInt.of(givenPort));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start gateway process " + name, e);
        }
    }

    /**
     * Waits until the gateway has reported its port and its HTTP API answers; fails with the process's output when it
     * exits or does not answer in time.
     */
    public GatewayProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway process " + name + " exited with " + process.exitValue() + ":\n" + output());
            }
            if (reportedPort().isPresent() && answers()) {
                return this;
            }
            sleep(200);
        }
        throw new AssertionError("gateway process " + name + " did not answer within " + timeout + ":\n" + output());
    }

    /** The port the gateway was given, or the one it reported; empty while it has not reported one. */
    public OptionalInt reportedPort() {
        OptionalInt known = port;
        if (known.isPresent()) {
            return known;
        }
        try {
            // Written atomically by the gateway: present means complete.
            known = OptionalInt.of(Integer.parseInt(Files.readString(portFile).strip()));
        }
        catch (NoSuchFileException notYet) {
            return OptionalInt.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = known;
        return known;
    }

    private boolean answers() {
        try {
            HttpRequest request = HttpRequest.newBuilder(url("/v1/billing/networks")).timeout(Duration.ofSeconds(2)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI url(String path) {
        int known = reportedPort().orElseThrow(() -> new IllegalStateException("gateway process " + name
                + " has not reported its port in " + portFile + " yet (a command serves no HTTP); await it with awaitReady"));
        return URI.create("http://localhost:" + known).resolve(path);
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
