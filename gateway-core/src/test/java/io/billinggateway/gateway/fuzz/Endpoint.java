package io.billinggateway.gateway.fuzz;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One endpoint of the API with a valid request to start from and what may be varied in it.
 *
 * @param path the path with {@code {name}} placeholders for the path parameters
 * @param body the JSON body; null for none
 * @param webhook the genuine delivery a webhook endpoint starts from; null for other endpoints
 * @param idempotencyKey whether the endpoint takes an {@code Idempotency-Key} (required where it does)
 */
record Endpoint(String method, String path, Access access, List<PathParameter> pathParameters, List<QueryParameter> queryParameters, Body body,
                SignedDelivery webhook, boolean idempotencyKey) {
    /** @param valid the value in the valid request, as it goes into the path; asked for every case */
    record PathParameter(String name, Supplier<String> valid, boolean uuid) {
        PathParameter(String name, String valid, boolean uuid) {
            this(name, () -> valid, uuid);
        }
    }

    /** @param valid the value in the valid request; null for none */
    record QueryParameter(String name, String valid, Kind kind) {
        enum Kind { LIMIT, NETWORK }
    }

    /**
     * @param valid builds the valid body afresh for every case (unique slugs)
     * @param required whether a request without a body is invalid
     * @param strict whether unknown fields are invalid (staff and internal requests)
     */
    record Body(Supplier<Map<String, Object>> valid, List<FieldRule> fields, boolean required, boolean strict) {
    }

    Endpoint {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(access, "access is null");
        pathParameters = List.copyOf(pathParameters);
        queryParameters = List.copyOf(queryParameters);
    }

    static Endpoint get(String path, Access access, PathParameter... parameters) {
        return new Endpoint("GET", path, access, List.of(parameters), List.of(), null, null, false);
    }

    static Endpoint post(String path, Access access, PathParameter... parameters) {
        return new Endpoint("POST", path, access, List.of(parameters), List.of(), null, null, false);
    }

    Endpoint withQuery(QueryParameter... parameters) {
        return new Endpoint(method, path, access, pathParameters, List.of(parameters), body, webhook, idempotencyKey);
    }

    Endpoint withBody(Body newBody) {
        return new Endpoint(method, path, access, pathParameters, queryParameters, newBody, webhook, idempotencyKey);
    }

    Endpoint withIdempotencyKey() {
        return new Endpoint(method, path, access, pathParameters, queryParameters, body, webhook, true);
    }

    Endpoint withWebhook(SignedDelivery delivery) {
        return new Endpoint(method, path, access, pathParameters, queryParameters, body, delivery, idempotencyKey);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
