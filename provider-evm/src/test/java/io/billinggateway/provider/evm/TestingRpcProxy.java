package io.billinggateway.provider.evm;

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
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A JSON-RPC endpoint in front of a node, standing for one of several hosted RPC providers of the same chain. It
 * can be killed (connections closed unanswered, nothing reaches the node) and revived on the same port, stall (answer
 * only after a delay), or take a transaction and then lose the answer, so failover can be tested against a real chain.
 */
final class TestingRpcProxy implements AutoCloseable {
    enum Behaviour {
        /** Forward every request and return the node's answer. */
        FORWARD,
        /** Forward, but answer only after {@link #STALL}. */
        STALL,
        /** Forward {@code eth_sendRawTransaction} to the node, then fail the answer (HTTP 502): the caller cannot know. */
        LOSE_SEND_ANSWERS
    }

    static final Duration STALL = Duration.ofSeconds(5);

    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.FORWARD);
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean down;
    private HttpServer server;

    private TestingRpcProxy(URI target) {
        this.target = target;
    }

    static TestingRpcProxy start(String targetUrl) {
        TestingRpcProxy proxy = new TestingRpcProxy(URI.create(requireNonNull(targetUrl, "targetUrl is null")));
        return proxy.listen();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/rpc/secret-api-key-in-path";
    }

    /** The scheme, host and port health may show for this endpoint. */
    String displayName() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void behave(Behaviour next) {
        behaviour.set(requireNonNull(next, "next is null"));
    }

    int forwarded() {
        return forwarded.get();
    }

    /**
     * Goes down: every connection is closed before an answer and nothing reaches the node. The proxy keeps listening,
     * so that its port stays its own: a port released here could be taken by another process before {@link #revive()}.
     */
    void kill() {
        down = true;
    }

    /** Answers again, on the same port. */
    void revive() {
        down = false;
    }

    private TestingRpcProxy listen() {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            created.createContext("/", this::handle);
            created.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "testing-rpc-proxy");
                thread.setDaemon(true);
                return thread;
            }));
            created.start();
            server = created;
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                // Closed without response headers: the server drops the connection, the caller gets no answer.
                return;
            }
            byte[] request = exchange.getRequestBody().readAllBytes();
            Behaviour current = behaviour.get();
            if (current == Behaviour.STALL) {
                pause(STALL);
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            forwarded.incrementAndGet();
            if (current == Behaviour.LOSE_SEND_ANSWERS && new String(request, java.nio.charset.StandardCharsets.UTF_8).contains("eth_sendRawTransaction")) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.statusCode(), response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(response.body());
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
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
