package io.billinggateway.gateway.evm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * A second JSON-RPC endpoint of a chain, standing for a hosted RPC provider in front of the same node: it forwards
 * every request until it is {@linkplain #kill() killed}, after which every connection is closed unanswered. It keeps
 * its port while down: a port released could be taken by another process, whose answers the gateway would then get.
 */
final class ForwardingRpcEndpoint implements AutoCloseable {
    private final URI node;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile boolean down;

    private ForwardingRpcEndpoint(URI node) {
        this.node = node;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "forwarding-rpc");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    static ForwardingRpcEndpoint to(String nodeUrl) {
        return new ForwardingRpcEndpoint(URI.create(nodeUrl));
    }

    /** With a path standing for an API key, which health and metrics must never show. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v3/primary-api-key";
    }

    String displayName() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void kill() {
        down = true;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                // Closed without response headers: the server drops the connection, the caller gets no answer.
                return;
            }
            byte[] request = exchange.getRequestBody().readAllBytes();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(node).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.statusCode(), response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(response.body());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.shutdownNow();
    }
}
