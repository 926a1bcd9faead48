package io.billinggateway.gateway.openapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a controller added under an existing prefix gets without any OpenAPI annotation, and what annotations keep. */
class ApiConventionsTest {
    private static final String CONVENTIONS = """
            servers:
              - url: /
            components:
              responses:
                BadRequest: {description: invalid}
            """;

    @Test
    void aNewStaffOperationGetsTheAdminAreaBearerSecurityAndItsProblemResponses() {
        Map<String, Object> document = apply("""
                paths:
                  /v1/billing/admin/networks/{name}/settings:
                    put:
                      operationId: save
                      description: "Saves the network's settings. The version read must be sent back."
                      requestBody: {content: {application/json: {schema: {type: object}}}}
                      responses: {"200": {description: saved}}
                """);
        Map<String, Object> operation = operation(document, "/v1/billing/admin/networks/{name}/settings", "put");
        assertThat(operation.get("tags")).isEqualTo(List.of("admin"));
        assertThat(operation.get("security")).isEqualTo(List.of(Map.of("bearer", List.of())));
        assertThat(operation.get("summary")).isEqualTo("Saves the network's settings");
        assertThat(responses(operation)).containsOnlyKeys("200", "400", "401", "403", "404", "409", "413", "422");
        assertThat(responses(operation).get("403")).isEqualTo(Map.of("$ref", "#/components/responses/Forbidden"));
    }

    @Test
    void catalogReadsAreOpenAndInternalOnesTakeTheServiceToken() {
        Map<String, Object> document = apply("""
                paths:
                  /v1/billing/plans:
                    get: {operationId: plans, summary: Active plans, responses: {"200": {description: ok}}}
                  /internal/billing/reconcile:
                    post: {operationId: reconcile, summary: Reconciles, responses: {"200": {description: ok}}}
                  /v1/billing/networks/{network}/webhook:
                    post: {operationId: webhook, summary: Receives, responses: {"200": {description: ok}}}
                """);
        Map<String, Object> catalog = operation(document, "/v1/billing/plans", "get");
        assertThat(catalog.get("tags")).isEqualTo(List.of("catalog"));
        assertThat(catalog.get("security")).isEqualTo(List.of());
        assertThat(responses(catalog)).containsOnlyKeys("200", "429");
        Map<String, Object> internal = operation(document, "/internal/billing/reconcile", "post");
        assertThat(internal.get("tags")).isEqualTo(List.of("internal"));
        assertThat(internal.get("security")).isEqualTo(List.of(Map.of("serviceToken", List.of())));
        Map<String, Object> webhook = operation(document, "/v1/billing/networks/{network}/webhook", "post");
        assertThat(webhook.get("tags")).as("the webhook area is narrower than the catalog's /v1/billing/networks").isEqualTo(List.of("webhooks"));
        assertThat(webhook.get("security")).isEqualTo(List.of(Map.of("webhookSignature", List.of())));
    }

    @Test
    void whatTheCodeDeclaresWinsAndAnUnknownPathIsLeftForTheLintTestToReport() {
        Map<String, Object> document = apply("""
                paths:
                  /v1/billing/me/export:
                    get:
                      operationId: export
                      tags: [exports]
                      security: [{serviceToken: []}]
                      responses: {"200": {description: ok}, "401": {description: our own}}
                  /v2/somewhere:
                    get: {operationId: elsewhere, responses: {"200": {description: ok}}}
                """);
        Map<String, Object> declared = operation(document, "/v1/billing/me/export", "get");
        assertThat(declared.get("tags")).isEqualTo(List.of("exports"));
        assertThat(declared.get("security")).isEqualTo(List.of(Map.of("serviceToken", List.of())));
        assertThat(responses(declared).get("401")).isEqualTo(Map.of("description", "our own"));
        Map<String, Object> unknown = operation(document, "/v2/somewhere", "get");
        assertThat(unknown).doesNotContainKeys("tags", "security");
        assertThat(responses(unknown)).containsOnlyKeys("200");
    }

    @Test
    void nestedSchemasLoseTheirJavaOuterClassAndReferencesFollow() {
        Map<String, Object> document = apply("""
                paths:
                  /v1/billing/admin/payments/{id}:
                    get:
                      summary: One payment
                      responses:
                        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/StaffPaymentsController.PaymentDetail"}}}}
                components:
                  schemas:
                    RefundView: {type: object}
                    StaffPaymentsController.RefundView: {type: object}
                    StaffPaymentsController.PaymentDetail:
                      type: object
                      properties:
                        refunds: {type: array, items: {$ref: "#/components/schemas/StaffPaymentsController.RefundView"}}
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        assertThat(schemas).containsOnlyKeys("RefundView", "StaffPaymentsRefundView", "PaymentDetail");
        assertThat(new Yaml().dump(document)).doesNotContain("Controller.").contains("#/components/schemas/StaffPaymentsRefundView")
                .contains("#/components/schemas/PaymentDetail");
        assertThat(document.get("servers")).isEqualTo(List.of(Map.of("url", "/")));
    }

    @Test
    void genericOperationIdsGetTheirResourceSoGeneratedClientsReadWell() {
        Map<String, Object> document = apply("""
                paths:
                  /v1/billing/admin/payments:
                    get: {operationId: search, summary: s, responses: {"200": {description: ok}}}
                  /v1/billing/admin/subscriptions:
                    get: {operationId: search_1, summary: s, responses: {"200": {description: ok}}}
                  /v1/billing/admin/plans/{id}:
                    get: {operationId: get, summary: s, responses: {"200": {description: ok}}}
                  /v1/billing/admin/plans/{id}/audit:
                    get: {operationId: audit, summary: s, responses: {"200": {description: ok}}}
                """);
        assertThat(operation(document, "/v1/billing/admin/payments", "get").get("operationId")).isEqualTo("searchPayments");
        assertThat(operation(document, "/v1/billing/admin/subscriptions", "get").get("operationId")).isEqualTo("searchSubscriptions");
        assertThat(operation(document, "/v1/billing/admin/plans/{id}", "get").get("operationId")).isEqualTo("getPlan");
        assertThat(operation(document, "/v1/billing/admin/plans/{id}/audit", "get").get("operationId")).isEqualTo("audit");
    }

    @Test
    void aChangedConventionsFileIsAppliedToTheDocumentJavacWroteEvenWhenJavacDidNotRunAgain(@TempDir Path directory) throws IOException {
        Path document = directory.resolve("billing-gateway.yml");
        Path conventions = directory.resolve("conventions.yml");
        Path generatedCopy = directory.resolve("copy/billing-gateway.generated.yml");
        Files.writeString(document, """
                openapi: 3.0.1
                tags: [{name: exports, description: Declared by a controller}]
                paths:
                  /v1/billing/me/history:
                    get: {operationId: history, summary: Payments, responses: {"200": {description: ok}}}
                """);
        Files.writeString(conventions, "tags: [{name: me, description: The caller's own data.}, {name: exports, description: ours}]\n");
        ApiConventions.main(new String[] {document.toString(), conventions.toString(), generatedCopy.toString()});
        assertThat(Files.readString(document)).contains("The caller's own data.").contains("Declared by a controller").doesNotContain("ours");

        Files.writeString(conventions, "tags: [{name: me, description: Changed.}]\n");
        ApiConventions.main(new String[] {document.toString(), conventions.toString(), generatedCopy.toString()});
        String completed = Files.readString(document);
        assertThat(completed).contains("Changed.").doesNotContain("The caller's own data.");
        assertThat(completed.split("operationId: history", -1)).as("one operation, completed once").hasSize(2);
        assertThat(new Yaml().<Map<String, Object>>load(completed).get("tags")).asList().hasSize(2);
    }

    private static Map<String, Object> apply(String yaml) {
        Map<String, Object> document = new Yaml().load(yaml);
        ApiConventions.apply(document, new Yaml().load(CONVENTIONS));
        ApiConventions.apply(document, new Yaml().load(CONVENTIONS));
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operation(Map<String, Object> document, String path, String method) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document.get("paths")).get(path)).get(method);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responses(Map<String, Object> operation) {
        return (Map<String, Object>) operation.get("responses");
    }
}
