package io.billinggateway.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An RFC 9457 problem document.
 *
 * @param type a URI naming the kind of problem; stable and documented in {@code docs/reference/errors.md}
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong this time, in words an API client can act on
 * @param code the gateway's error code ({@code NOT_FOUND}, {@code SIGNATURE_INVALID}, ...)
 * @param retryable whether sending the same request again may succeed
 * @param registered for an unknown network: the networks that exist
 * @param errors for invalid input: one entry per invalid field
 * @param correlationId for a server error: the id under which the log holds the details; quote it to the operator
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String code, Boolean retryable, List<String> registered, List<String> errors,
                      String correlationId) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://billing-gateway.dev/problems/";

    public Problem {
        requireNonNull(type, "type is null");
        requireNonNull(title, "title is null");
        requireNonNull(detail, "detail is null");
    }

    public Problem(URI type, String title, int status, String detail, String instance, String code, Boolean retryable, List<String> registered, List<String> errors) {
        this(type, title, status, detail, instance, code, retryable, registered, errors, null);
    }

    /**
     * The answer to a request that failed inside the gateway: what the client can do, and the correlation id under
     * which the log holds the cause. Never the cause itself, which may carry SQL, a driver's message or a class name.
     */
    public static Problem internal(String path, String correlationId) {
        return new Problem(typeOf("INTERNAL"), "Internal error", 500,
                "the gateway could not complete the request because of an internal error; requests with an Idempotency-Key may be retried with the same key,"
                        + " and if the error persists, give the operator the correlation id " + correlationId,
                path, "INTERNAL", false, null, null, correlationId);
    }

    /** A server error after which sending the same request again completes the operation ({@link IncompleteOperationException}). */
    public static Problem incomplete(String path, String detail, String correlationId) {
        return new Problem(typeOf("INTERNAL"), "Internal error", 500, detail + " (correlation id " + correlationId + ")", path, "INTERNAL", true, null, null,
                correlationId);
    }

    /** The problem type URI of an error code: {@code SIGNATURE_INVALID} becomes {@code .../problems/signature-invalid}. */
    public static URI typeOf(String code) {
        return URI.create(TYPE_BASE + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, code, retryable, registered, errors, correlationId);
    }
}
