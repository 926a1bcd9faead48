package io.billinggateway.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of an identity provider verified with its JWKS ({@code BILLING_JWT_JWKS_URL}): a key that declares
 * {@code alg} verifies that algorithm only, a key without one the signature algorithms of its key type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksTokenTest {
    private HttpServer identityProvider;
    private TestingDatabase database;
    private TestingGateway gateway;
    private RSAKey declaredRs256;
    private RSAKey undeclared;

    @BeforeAll
    void start() throws Exception {
        declaredRs256 = new RSAKeyGenerator(2048).keyID("declared").algorithm(JWSAlgorithm.RS256).generate();
        undeclared = new RSAKeyGenerator(2048).keyID("undeclared").generate();
        byte[] keys = new JWKSet(List.of(declaredRs256.toPublicJWK(), undeclared.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
        identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        identityProvider.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        identityProvider.start();
        String jwksUrl = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks.json";
        database = TestingDatabase.h2();
        gateway = TestingGateway.start(database, Files.createTempDirectory("jwks"),
                Map.of("micronaut.security.token.jwt.signatures.jwks.identity-provider.url", jwksUrl));
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
        identityProvider.stop(0);
    }

    @ParameterizedTest(name = "{1} with the {0} key: {2}")
    @CsvSource({
            "declared, RS256, 200",
            "declared, RS384, 401",
            "declared, RS512, 401",
            "declared, PS256, 401",
            "undeclared, RS256, 200",
            "undeclared, PS384, 200"})
    void aKeyVerifiesOnlyItsAlgorithms(String key, String algorithm, int expected) {
        RSAKey signingKey = key.equals("declared") ? declaredRs256 : undeclared;
        String token = TestingTokens.rsa(JWSAlgorithm.parse(algorithm), signingKey, TestingTokens.claims("idp-user", Instant.now(), ""));

        TestingGateway.Response response = gateway.get("/v1/billing/me/subscriptions", token);

        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected == 401) {
            assertThat(response.json().get("detail").getStringValue()).isEqualTo("the bearer token has a bad signature");
        }
    }
}
