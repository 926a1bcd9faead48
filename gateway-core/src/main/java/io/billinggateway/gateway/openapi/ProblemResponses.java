package io.billinggateway.gateway.openapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The problem responses (components/responses in {@code conventions.yml}) an operation can answer, from what it takes and
 * who may call it. A status the operation documents itself (an {@code @ApiResponse}) is kept as written.
 */
final class ProblemResponses {
    private static final Set<String> CHANGING_METHODS = Set.of("post", "put", "patch", "delete");
    /** RateLimitFilter's CHECKOUT_PATHS: their POSTs count against the per-user checkout limit. */
    private static final Set<String> RATE_LIMITED_PER_USER = Set.of("/v1/billing/checkout", "/v1/billing/subscribe");

    private ProblemResponses() {
    }

    /**
     * The status codes and their component names for one operation.
     *
     * @param method the HTTP method in lower case, as the document keys it
     * @param path the path as the document writes it
     * @param operation the operation object
     * @param access who may call it
     */
    static Map<String, String> of(String method, String path, Map<String, Object> operation, ApiArea.Access access) {
        boolean takesInput = operation.get("requestBody") != null || operation.get("parameters") instanceof java.util.List<?> parameters && !parameters.isEmpty();
        boolean takesBody = operation.get("requestBody") != null || access == ApiArea.Access.WEBHOOK;
        Map<String, String> responses = new LinkedHashMap<>();
        if (takesInput || takesBody) {
            responses.put("400", "BadRequest");
        }
        if (access != ApiArea.Access.PUBLIC && access != ApiArea.Access.WEBHOOK) {
            responses.put("401", "Unauthorized");
        }
        if (access == ApiArea.Access.STAFF || access == ApiArea.Access.SERVICE) {
            responses.put("403", "Forbidden");
        }
        if (path.contains("{")) {
            responses.put("404", "NotFound");
        }
        if (CHANGING_METHODS.contains(method) && access != ApiArea.Access.WEBHOOK) {
            responses.put("409", "Conflict");
        }
        if (takesBody) {
            responses.put("413", "PayloadTooLarge");
        }
        if (CHANGING_METHODS.contains(method) && access != ApiArea.Access.WEBHOOK) {
            responses.put("422", "UnprocessableContent");
        }
        // The rate limits of RateLimitFilter: open endpoints per address, webhooks per address, checkout per user.
        if (access == ApiArea.Access.PUBLIC || access == ApiArea.Access.WEBHOOK || "post".equals(method) && RATE_LIMITED_PER_USER.contains(path)) {
            responses.put("429", "TooManyRequests");
        }
        return responses;
    }
}
