package io.billinggateway.gateway.testing;

import io.billinggateway.gateway.security.TokenCommand;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running gateway for tests: the real application on a port the system assigns as it binds, with a test database,
 * its own data and plugins directories, a known JWT secret and service token. Requests go through
 * {@link java.net.http.HttpClient}, as an outside client's would.
 */
public final class TestingGateway implements AutoCloseable {
    public static final String JWT_SECRET = "test-secret-of-the-billing-gateway-0123456789";
    public static final String SERVICE_TOKEN = "test-service-token-0123456789abcdef";

    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;

    private TestingGateway(EmbeddedServer server) {
        this.server = server;
        this.json = server.getApplicationContext().getBean(JsonMapper.class);
    }

    /** Starts the gateway; {@code properties} override the defaults of {@link #properties}. */
    public static TestingGateway start(TestingDatabase database, Path home, Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder().properties(properties(database, home, properties)).environments("test").start();
        try {
            // Binds the port, then starts the providers, whose webhook URL carries it; getURI() reads the bound port back.
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            return new TestingGateway(server);
        }
        catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The gateway's configuration for a test, port 0 included; {@code overrides} win. */
    public static Map<String, Object> properties(TestingDatabase database, Path home, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", 0);
        all.put("datasources.default.url", database.url());
        all.put("datasources.default.username", database.user());
        all.put("datasources.default.password", "");
        // Small pools: test classes and gateway processes share one PostgreSQL server (100 connections by default).
        all.put("datasources.default.maximum-pool-size", 8);
        all.put("billing.data-dir", home.resolve("data").toString());
        all.put("billing.plugins-dir", home.resolve("plugins").toString());
        all.put("billing.jwt-secret", JWT_SECRET);
        all.put("billing.service-token", SERVICE_TOKEN);
        all.put("billing.enabled-networks", "fiat");
        // Tests send hundreds of requests from one address and as one user; RateLimitTest sets the limits it tests.
        List.of("checkout", "anonymous", "webhooks").forEach(limit -> all.put("billing.rate-limits." + limit + ".per-minute", 0));
        all.putAll(overrides);
        return all;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public URI url(String path) {
        return server.getURI().resolve(path);
    }

    public static String token(String subject, String... roles) {
        return TokenCommand.sign(JWT_SECRET, subject, List.of(roles), Duration.ofHours(1), Instant.now());
    }

    /** A response with its body parsed as JSON (null when empty). */
    public record Response(int status, Map<String, List<String>> headers, String body, JsonNode json) {
        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().map(entry -> entry.getValue().getFirst()).orElse(null);
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response post(String path, String token, String jsonBody, String... headers) {
        HttpRequest.Builder builder = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody == null ? "" : jsonBody));
        for (int index = 0; index < headers.length; index += 2) {
            builder.header(headers[index], headers[index + 1]);
        }
        return send(builder.build());
    }

    public Response patch(String path, String token, String jsonBody) {
        return send(request(path, token).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode node = body == null || body.isBlank() || !body.strip().matches("(?s)^[\\[{].*") ? null : json.readValue(body, JsonNode.class);
            return new Response(response.statusCode(), response.headers().map(), body, node);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
