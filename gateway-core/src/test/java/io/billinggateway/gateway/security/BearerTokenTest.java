package io.billinggateway.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.billinggateway.gateway.security.TestingTokens.claims;
import static io.billinggateway.gateway.security.TestingTokens.hmac;
import static io.billinggateway.gateway.testing.TestingGateway.JWT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens that must be refused, each with a 401 problem that says which defect it has (and nothing about how
 * the gateway verifies), tokens at the edges that must be accepted, and 403 problems that name the allowed roles.
 * On PostgreSQL, where a subject too long for {@code user_id} or holding a NUL byte used to end in a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerTokenTest {
    private static final String CHECKOUT_BODY = "{\"plan\": \"token-plan\", \"network\": \"fiat\"}";

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.postgres();
        gateway = TestingGateway.start(database, Files.createTempDirectory("bearer-token"), Map.of());
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", Roles.BILLING_ADMIN), """
                {"slug": "token-plan", "name": "Token", "prices": [{"network": "fiat", "asset": "USD", "amount": "100"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    /** A token the gateway must refuse, and the start of the detail that says why. */
    record Refused(String description, String token, String detail) {
        @Override
        public String toString() {
            return description;
        }
    }

    List<Refused> refusedTokens() throws JOSEException {
        Instant now = Instant.now();
        RSAKey unknownKey = new RSAKeyGenerator(2048).keyID("unknown").generate();
        String malformed = "the bearer token is malformed";
        String badSignature = "the bearer token has a bad signature";
        return List.of(
                new Refused("nbf ten minutes ahead", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-nbf", now, "\"nbf\":" + now.plusSeconds(600).getEpochSecond())),
                        "the bearer token is not valid yet: its nbf claim lies in the future"),
                new Refused("iat ten minutes ahead", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-iat\",\"iat\":" + now.plusSeconds(600).getEpochSecond()
                        + ",\"exp\":" + now.plusSeconds(3600).getEpochSecond() + "}"), "the bearer token is not valid yet: its iat claim lies in the future"),
                new Refused("expired ten minutes ago", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-exp\",\"exp\":" + now.minusSeconds(600).getEpochSecond() + "}"),
                        "the bearer token has expired"),
                new Refused("no exp", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-forever\"}"), malformed + ": the exp claim is required"),
                new Refused("exp a string", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-exp\",\"exp\":\"tomorrow\"}"), malformed + ": its claims"),
                new Refused("sub a number", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":12345,\"exp\":" + now.plusSeconds(600).getEpochSecond() + "}"),
                        malformed + ": the sub claim is not a string"),
                new Refused("not a JWT", "not-a-token", malformed + ": it is not a JWT"),
                new Refused("three parts of garbage", "abc.def.ghi", malformed + ": it is not a JWT"),
                new Refused("claims not JSON", hmac(JWSAlgorithm.HS256, JWT_SECRET, "sub=user"), malformed + ": its claims"),
                new Refused("signed with another secret", hmac(JWSAlgorithm.HS256, "another-secret-of-at-least-thirty-two-chars", claims("mallory", now, "")), badSignature),
                new Refused("alg none", TestingTokens.unsigned(claims("mallory", now, "\"roles\":[\"billing_admin\"]")), badSignature),
                new Refused("HS384 with the gateway's secret", hmac(JWSAlgorithm.HS384, JWT_SECRET, claims("user-384", now, "")), badSignature),
                new Refused("HS512 with the gateway's secret", hmac(JWSAlgorithm.HS512, JWT_SECRET, claims("user-512", now, "")), badSignature),
                new Refused("RS256 with a key nobody configured", TestingTokens.rsa(JWSAlgorithm.RS256, unknownKey, claims("mallory", now, "")), badSignature),
                new Refused("roles a string", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-roles", now, "\"roles\":\"billing_admin\"")),
                        malformed + ": the roles claim must be a JSON array of strings"),
                new Refused("roles numbers", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-roles", now, "\"roles\":[1,2]")),
                        malformed + ": the roles claim must be a JSON array of strings"),
                new Refused("roles null", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-roles", now, "\"roles\":null")),
                        malformed + ": the roles claim must be a JSON array of strings"),
                new Refused("sub of 201 characters", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("u".repeat(201), now, "")),
                        malformed + ": the sub claim is longer than 200 characters"),
                new Refused("sub with a NUL byte", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user\u0000one", now, "")),
                        malformed + ": the sub claim contains a control character"),
                new Refused("sub with a line feed", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user\none", now, "")),
                        malformed + ": the sub claim contains a control character"),
                new Refused("sub blank", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("  ", now, "")), malformed + ": the sub claim is required"),
                new Refused("no sub", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"exp\":" + now.plusSeconds(3600).getEpochSecond() + "}"),
                        malformed + ": the sub claim is required"),
                new Refused("sub an object", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":{\"id\":1},\"exp\":" + now.plusSeconds(3600).getEpochSecond() + "}"),
                        malformed + ": its claims"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aRefusedTokenGetsAProblemThatSaysWhyAndChangesNothing(Refused refused) {
        List<TestingGateway.Response> responses = List.of(
                gateway.post("/v1/billing/checkout", refused.token(), CHECKOUT_BODY, "Idempotency-Key", "refused-" + refused.description().hashCode()),
                gateway.post("/v1/billing/subscribe", refused.token(), CHECKOUT_BODY, "Idempotency-Key", "refused-" + refused.description().hashCode()),
                gateway.get("/v1/billing/me/subscriptions", refused.token()),
                gateway.get("/v1/billing/me/history", refused.token()));

        for (TestingGateway.Response response : responses) {
            assertUnauthenticated(response, refused.detail());
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"billing-gateway\", error=\"invalid_token\"");
            assertThat(response.body()).as("the answer reveals neither the token nor the secret")
                    .doesNotContain(refused.token()).doesNotContain(JWT_SECRET).doesNotContain("HS256").doesNotContain("java.");
        }
        assertThat(database.count("SELECT COUNT(*) FROM payment_transactions")).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM billing_idempotency_keys")).isZero();
    }

    /** A token at the edge of a limit that must still be accepted. */
    record Accepted(String description, String token) {
        @Override
        public String toString() {
            return description;
        }
    }

    List<Accepted> acceptedTokens() {
        Instant now = Instant.now();
        return List.of(
                new Accepted("nbf 20 s ahead, within the 60 s skew", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-skew", now, "\"nbf\":" + now.plusSeconds(20).getEpochSecond()))),
                new Accepted("iat 20 s ahead, within the skew", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-skew\",\"iat\":" + now.plusSeconds(20).getEpochSecond()
                        + ",\"exp\":" + now.plusSeconds(3600).getEpochSecond() + "}")),
                new Accepted("expired 20 s ago, within the skew", hmac(JWSAlgorithm.HS256, JWT_SECRET, "{\"sub\":\"user-skew\",\"exp\":" + now.minusSeconds(20).getEpochSecond() + "}")),
                new Accepted("nbf in the past", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-past", now, "\"nbf\":" + now.minusSeconds(600).getEpochSecond()))),
                new Accepted("sub of exactly 200 characters", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("u".repeat(200), now, ""))),
                new Accepted("sub with non-ASCII letters", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("Zoë Ørsted", now, ""))),
                new Accepted("no roles claim", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-plain", now, ""))),
                new Accepted("empty roles", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims("user-plain", now, "\"roles\":[]"))),
                new Accepted("gateway token command", TestingGateway.token("user-command", Roles.SUPPORT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedTokens")
    void aTokenWithinTheLimitsIsAccepted(Accepted accepted) {
        TestingGateway.Response response = gateway.get("/v1/billing/me/subscriptions", accepted.token());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aSubjectOfTheMaximumLengthCanCheckOut() {
        String subject = "u".repeat(TokenClaimsCheck.MAXIMUM_SUBJECT_LENGTH);
        TestingGateway.Response response = gateway.post("/v1/billing/checkout", hmac(JWSAlgorithm.HS256, JWT_SECRET, claims(subject, Instant.now(), "")),
                CHECKOUT_BODY, "Idempotency-Key", "longest-subject");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE user_id = ?", subject)).isEqualTo(1);
    }

    @Test
    void noCredentialsSayTheTokenIsMissing() {
        TestingGateway.Response none = gateway.get("/v1/billing/me/history", null);
        TestingGateway.Response basic = gateway.send(java.net.http.HttpRequest.newBuilder(gateway.url("/v1/billing/me/history"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build());

        for (TestingGateway.Response response : List.of(none, basic)) {
            assertUnauthenticated(response, "the bearer token is missing: send the header Authorization: Bearer <token>");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"billing-gateway\"");
        }
    }

    @Test
    void aRefusedTokenOnAnAnonymousEndpointIsIgnored() {
        TestingGateway.Response catalog = gateway.get("/v1/billing/plans", "not-a-token");

        assertThat(catalog.status()).as(catalog.body()).isEqualTo(200);
    }

    @Test
    void internalEndpointsExplainTheServiceToken() {
        TestingGateway.Response missing = gateway.get("/internal/billing/dues", null);
        TestingGateway.Response userToken = gateway.get("/internal/billing/dues", TestingGateway.token("user-1"));
        TestingGateway.Response service = gateway.send(java.net.http.HttpRequest.newBuilder(gateway.url("/internal/billing/dues"))
                .header(ServiceTokenAuthenticationFetcher.HEADER, TestingGateway.SERVICE_TOKEN).build());

        assertUnauthenticated(missing, "the service token is missing or wrong: internal endpoints accept only the X-Service-Token header");
        assertForbidden(userToken, "this endpoint accepts only the service token (X-Service-Token header), not a bearer token");
        assertThat(service.status()).as(service.body()).isEqualTo(200);
    }

    @Test
    void forbiddenNamesTheRolesThatWouldBeAllowed() {
        String user = TestingGateway.token("user-1");

        assertForbidden(gateway.get("/v1/billing/admin/plans", user), "this endpoint needs one of the roles billing_admin, support in the token's roles claim");
        assertForbidden(gateway.post("/v1/billing/admin/plans", TestingGateway.token("support-1", Roles.SUPPORT), "{}"),
                "this endpoint needs the role billing_admin in the token's roles claim");
        assertForbidden(gateway.get("/v1/billing/overview/summary", user),
                "this endpoint needs one of the roles finance_ops, support, billing_admin in the token's roles claim");
    }

    private static void assertUnauthenticated(TestingGateway.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/unauthenticated");
        assertThat(response.json().get("code").getStringValue()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.json().get("detail").getStringValue()).startsWith(detail);
    }

    private static void assertForbidden(TestingGateway.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/forbidden");
        assertThat(response.json().get("code").getStringValue()).isEqualTo("FORBIDDEN");
        assertThat(response.json().get("detail").getStringValue()).isEqualTo(detail);
    }
}
