package io.billinggateway.provider.evm.rpc;

import io.billinggateway.spi.ProviderMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.protocol.Service;
import org.web3j.utils.Numeric;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A web3j {@link Service} over several JSON-RPC endpoints of one chain (seed A4). Every request goes to the
 * active endpoint; when it fails (connection error, HTTP error status, or no answer within the RPC timeout, which
 * is how a stalled node shows) the same request is sent to the next endpoint in configuration order, and the one
 * that answered becomes active. A background probe goes back to a preferred endpoint (the primary first) once it
 * answers again and is not behind the active one.
 *
 * <p>Replaying a request on another endpoint is safe for reads, and for {@code eth_sendRawTransaction} too: the
 * same signed transaction has the same hash, so a second node either accepts it or reports it as known.
 *
 * <p>Reports {@code evm_rpc_failover_total} (tags {@code from}, {@code to}: 1-based endpoint positions, and
 * {@code reason}: {@code error} or {@code recovered}), {@code evm_rpc_requests_total} and {@code evm_rpc_errors_total}
 * (tag {@code endpoint}; counted at the same places, so their ratio is the error rate the playbook alerts on) and the
 * gauge {@code evm_rpc_active_endpoint} (0 = primary). Endpoint URLs never leave this class except as
 * {@link RpcEndpoint#displayName()}.
 */
public final class FailoverRpcService extends Service {
    /** A preferred endpoint this many blocks behind the active one is not yet taken back. */
    private static final long RECOVERY_LAG_TOLERANCE = 2;

    private final List<RpcEndpoint> endpoints;
    private final Duration timeout;
    private final Duration probeTimeout;
    private final ProviderMetrics metrics;
    private final System.Logger log;
    private final HttpClient client;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final ScheduledExecutorService recovery;

    /**
     * @param timeout the most one request may take on one endpoint before the next is tried
     * @param recoveryInterval how often a preferred endpoint that failed is probed
     * @param threadName names the recovery probe's daemon thread
     */
    public FailoverRpcService(List<RpcEndpoint> endpoints, Duration timeout, Duration recoveryInterval, ProviderMetrics metrics,
                              System.Logger log, String threadName) {
        super(false);
        this.endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC endpoint is needed");
        }
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.probeTimeout = timeout.compareTo(Duration.ofMillis(1000)) < 0 ? timeout : Duration.ofMillis(1000);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.recovery = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        metrics.gauge("evm_rpc_active_endpoint", 0, Map.of());
        if (this.endpoints.size() > 1) {
            long millis = requireNonNull(recoveryInterval, "recoveryInterval is null").toMillis();
            recovery.scheduleWithFixedDelay(this::recoverPreferred, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    public List<RpcEndpoint> endpoints() {
        return endpoints;
    }

    public RpcEndpoint activeEndpoint() {
        return endpoints.get(active.get());
    }

    /** The last failure of any endpoint, without URLs; empty while nothing failed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        int first = active.get();
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            RpcEndpoint endpoint = endpoints.get((first + attempt) % endpoints.size());
            metrics.increment("evm_rpc_requests_total", Map.of("endpoint", Integer.toString(endpoint.index() + 1)));
            try {
                byte[] body = post(endpoint, payload, timeout);
                if (attempt > 0) {
                    switchTo(first, endpoint, "error", failures.getLast());
                }
                return new ByteArrayInputStream(body);
            }
            catch (IOException e) {
                String failure = endpoint + ": " + describe(e);
                failures.add(failure);
                lastFailure.set(failure);
                metrics.increment("evm_rpc_errors_total", Map.of("endpoint", Integer.toString(endpoint.index() + 1)));
            }
        }
        throw new IOException("no RPC endpoint answered: " + String.join("; ", failures));
    }

    /** One quick {@code eth_blockNumber} on the active endpoint, failing over once if it does not answer. */
    public Probe probe() {
        RpcEndpoint endpoint = activeEndpoint();
        long started = System.nanoTime();
        metrics.increment("evm_rpc_requests_total", Map.of("endpoint", Integer.toString(endpoint.index() + 1)));
        try {
            Answer answer = ask(endpoint);
            return new Probe(endpoint, answer.headBlock(), answer.chainId(), Duration.ofNanos(System.nanoTime() - started));
        }
        catch (IOException e) {
            String failure = endpoint + ": " + describe(e);
            lastFailure.set(failure);
            metrics.increment("evm_rpc_errors_total", Map.of("endpoint", Integer.toString(endpoint.index() + 1)));
            if (endpoints.size() == 1) {
                throw new RpcUnavailableException(failure);
            }
            RpcEndpoint next = endpoints.get((endpoint.index() + 1) % endpoints.size());
            long again = System.nanoTime();
            try {
                Answer answer = ask(next);
                switchTo(endpoint.index(), next, "error", failure);
                return new Probe(next, answer.headBlock(), answer.chainId(), Duration.ofNanos(System.nanoTime() - again));
            }
            catch (IOException second) {
                throw new RpcUnavailableException(failure + "; " + next + ": " + describe(second));
            }
        }
    }

    /** The answer of a health probe. */
    public record Probe(RpcEndpoint endpoint, long headBlock, long chainId, Duration latency) {
    }

    /** Thrown by {@link #probe()} when no endpoint answers; the message names endpoints by display name only. */
    public static final class RpcUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RpcUnavailableException(String message) {
            super(message);
        }
    }

    /** Goes back to the most preferred endpoint that answers and is not behind the active one. */
    void recoverPreferred() {
        int current = active.get();
        if (current == 0) {
            return;
        }
        try {
            long activeHead;
            try {
                activeHead = blockNumber(endpoints.get(current));
            }
            catch (IOException e) {
                activeHead = -1;
            }
            for (int index = 0; index < current; index++) {
                RpcEndpoint candidate = endpoints.get(index);
                try {
                    long head = blockNumber(candidate);
                    if (head + RECOVERY_LAG_TOLERANCE >= activeHead) {
                        switchTo(current, candidate, "recovered", candidate + " answers again at block " + head);
                        return;
                    }
                }
                catch (IOException e) {
                    // still down; probed again at the next interval
                }
            }
        }
        catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "probing preferred RPC endpoints failed: " + e);
        }
    }

    private void switchTo(int from, RpcEndpoint to, String reason, String detail) {
        if (from == to.index() || !active.compareAndSet(from, to.index())) {
            return;
        }
        RpcEndpoint previous = endpoints.get(from);
        metrics.increment("evm_rpc_failover_total", Map.of(
                "from", Integer.toString(from + 1), "to", Integer.toString(to.index() + 1), "reason", reason));
        metrics.gauge("evm_rpc_active_endpoint", to.index(), Map.of());
        System.Logger.Level level = reason.equals("recovered") ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        log.log(level, "RPC endpoint switched from " + previous + " to " + to + " (" + reason + "): " + detail);
    }

    private long blockNumber(RpcEndpoint endpoint) throws IOException {
        return ask(endpoint).headBlock();
    }

    /** Head block and chain id of one endpoint, in one batched request with the probe timeout. */
    private Answer ask(RpcEndpoint endpoint) throws IOException {
        byte[] body = post(endpoint, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\",\"params\":[]}]", probeTimeout);
        Map<Integer, String> results = new java.util.HashMap<>();
        try {
            for (JsonNode answer : objectMapper.readTree(body)) {
                if (answer.path("result").isTextual()) {
                    results.put(answer.path("id").asInt(), answer.path("result").asText());
                }
            }
        }
        catch (IOException | RuntimeException e) {
            throw new IOException("unreadable answer to eth_blockNumber and eth_chainId");
        }
        if (!results.containsKey(1) || !results.containsKey(2)) {
            throw new IOException("no block number or chain id in the answer");
        }
        return new Answer(Numeric.toBigInt(results.get(1)).longValueExact(), Numeric.toBigInt(results.get(2)).longValueExact());
    }

    private record Answer(long headBlock, long chainId) {
    }

    private byte[] post(RpcEndpoint endpoint, String payload, Duration limit) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            throw new IOException("no answer within " + limit + " (stalled)");
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return response.body();
    }

    /** A failure's description without the endpoint's URL (which may hold an API key). */
    private String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (RpcEndpoint endpoint : endpoints) {
            message = message.replace(endpoint.url(), endpoint.displayName());
        }
        return message;
    }

    @Override
    public void close() {
        recovery.shutdownNow();
        client.shutdownNow();
    }
}
