package io.billinggateway.provider.solana.rpc;

import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonException;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.ProviderMetrics;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The few Solana JSON-RPC methods the provider needs, over {@link HttpClient}. Thread-safe.
 *
 * <p>Failures are {@link BillingException}s: an unreachable node or a transient node error is
 * {@link ErrorCode#NETWORK_UNAVAILABLE}, no answer in time is {@link ErrorCode#TIMEOUT}, an answer that is not
 * what the method returns is {@link ErrorCode#INTERNAL}. Messages name the endpoint by {@link #endpointName()}
 * only (scheme, host and port), because RPC URLs often carry an API key in their path or query.
 */
public final class SolanaRpcClient implements AutoCloseable {
    /** JSON-RPC error codes of Solana nodes that say "try again later" (node behind, slot skipped, block not available yet, ...). */
    private static final Set<Long> TRANSIENT_ERRORS = Set.of(-32004L, -32005L, -32007L, -32009L, -32014L, -32016L, -32603L);
    private static final String METRIC_REQUESTS = "solana_poc_rpc_requests_total";
    private static final String METRIC_LATENCY = "solana_poc_rpc_latency";

    private final URI endpoint;
    private final String endpointName;
    private final Duration timeout;
    private final Commitment commitment;
    private final ProviderMetrics metrics;
    private final HttpClient client;
    private final AtomicLong ids = new AtomicLong();

    public SolanaRpcClient(URI endpoint, Duration timeout, Commitment commitment, ProviderMetrics metrics) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.commitment = requireNonNull(commitment, "commitment is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.endpointName = endpointName(endpoint);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The endpoint without user info, path or query: safe to show. */
    public static String endpointName(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "");
    }

    public String endpointName() {
        return endpointName;
    }

    public Commitment commitment() {
        return commitment;
    }

    /** {@code getHealth}: "ok", or a node error when the node is behind. */
    public String health(Duration deadline) {
        return (String) call("getHealth", List.of(), deadline);
    }

    public long slot(Duration deadline) {
        return integer(call("getSlot", List.of(Map.of("commitment", commitment.rpcName())), deadline), "getSlot");
    }

    public String genesisHash(Duration deadline) {
        if (call("getGenesisHash", List.of(), deadline) instanceof String hash) {
            return hash;
        }
        throw malformed("getGenesisHash", "a string");
    }

    /**
     * {@code getSignaturesForAddress}: transactions that mention the address and reached the commitment, newest first.
     */
    public List<SignatureInfo> signaturesForAddress(String address, int limit) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("limit", limit);
        options.put("commitment", commitment.rpcName());
        if (!(call("getSignaturesForAddress", List.of(address, options), timeout) instanceof List<?> entries)) {
            throw malformed("getSignaturesForAddress", "an array");
        }
        List<SignatureInfo> result = new ArrayList<>();
        try {
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> map)) {
                    throw malformed("getSignaturesForAddress", "an array of objects");
                }
                JsonObject object = JsonObject.of(map);
                result.add(new SignatureInfo(object.string("signature"), object.integer("slot").longValue(), object.has("err"),
                        object.has("blockTime") ? Optional.of(Instant.ofEpochSecond(object.integer("blockTime").longValueExact())) : Optional.empty()));
            }
        }
        catch (JsonException | ArithmeticException e) {
            throw malformed("getSignaturesForAddress", "signature entries: " + e.getMessage());
        }
        return result;
    }

    /**
     * {@code getTransaction} in {@code jsonParsed} encoding at the commitment; empty while the node does not have it
     * at that commitment yet.
     */
    public Optional<JsonObject> transaction(String signature) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("encoding", "jsonParsed");
        options.put("commitment", commitment.rpcName());
        options.put("maxSupportedTransactionVersion", 0);
        Object result = call("getTransaction", List.of(signature, options), timeout);
        if (result == null) {
            return Optional.empty();
        }
        if (result instanceof Map<?, ?> map) {
            return Optional.of(JsonObject.of(map));
        }
        throw malformed("getTransaction", "an object or null");
    }

    private Object call(String method, List<Object> params, Duration deadline) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("jsonrpc", "2.0");
        envelope.put("id", ids.incrementAndGet());
        envelope.put("method", method);
        envelope.put("params", params);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(envelope)))
                .build();
        long started = System.nanoTime();
        String outcome = "error";
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429 || response.statusCode() >= 500) {
                throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "Solana RPC " + endpointName + " answered " + method + " with HTTP " + response.statusCode());
            }
            if (response.statusCode() != 200) {
                throw new BillingException(ErrorCode.INTERNAL, "Solana RPC " + endpointName + " answered " + method + " with HTTP " + response.statusCode());
            }
            JsonObject answer = parseAnswer(method, response.body());
            if (answer.has("error")) {
                JsonObject error = answer.object("error");
                long code = error.has("code") ? error.integer("code").longValue() : 0;
                String message = error.optionalString("message").orElse("no message");
                throw new BillingException(TRANSIENT_ERRORS.contains(code) ? ErrorCode.NETWORK_UNAVAILABLE : ErrorCode.INTERNAL,
                        "Solana RPC " + endpointName + " refused " + method + ": " + code + " " + message);
            }
            outcome = "ok";
            return answer.get("result");
        }
        catch (HttpTimeoutException e) {
            outcome = "timeout";
            throw new BillingException(ErrorCode.TIMEOUT, "Solana RPC " + endpointName + " did not answer " + method + " within " + deadline.toMillis() + " ms");
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "Solana RPC " + endpointName + " is unreachable (" + method + "): " + e.getClass().getSimpleName());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingException(ErrorCode.TIMEOUT, "interrupted while waiting for Solana RPC " + endpointName + " (" + method + ")");
        }
        catch (JsonException e) {
            throw malformed(method, e.getMessage());
        }
        finally {
            metrics.increment(METRIC_REQUESTS, Map.of("method", method, "outcome", outcome));
            metrics.recordDuration(METRIC_LATENCY, Duration.ofNanos(System.nanoTime() - started), Map.of("method", method));
        }
    }

    private JsonObject parseAnswer(String method, String body) {
        try {
            return Json.parseObject(body);
        }
        catch (JsonException e) {
            throw malformed(method, "JSON: " + e.getMessage());
        }
    }

    private long integer(Object value, String method) {
        if (value instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            }
            catch (ArithmeticException e) {
                throw malformed(method, "an integer");
            }
        }
        throw malformed(method, "an integer");
    }

    private BillingException malformed(String method, String expected) {
        return new BillingException(ErrorCode.INTERNAL, "Solana RPC " + endpointName + " answered " + method + " with something unexpected (expected " + expected + ")");
    }

    @Override
    public void close() {
        client.close();
    }
}
