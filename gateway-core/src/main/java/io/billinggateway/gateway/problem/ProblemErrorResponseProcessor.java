package io.billinggateway.gateway.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Renders the framework's own errors (unknown route, wrong method, malformed JSON, failed validation, body
 * too large) as problem documents, so that clients handle one error format.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        List<String> errors = errorContext.getErrors().stream().map(Error::getMessage).toList();
        String code = codeOf(status);
        String detail = errors.isEmpty() ? status.getReason() : String.join("; ", errors);
        Problem problem = new Problem(Problem.typeOf(code), status.getReason(), status.getCode(), detail,
                errorContext.getRequest().getPath(), code, status.getCode() >= 500, null, errors.size() > 1 ? errors : null);
        return response.contentType(MediaType.of(Problem.MEDIA_TYPE)).body(problem);
    }

    private static String codeOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case REQUEST_ENTITY_TOO_LARGE -> "REQUEST_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            case FORBIDDEN -> "FORBIDDEN";
            default -> status.getCode() >= 500 ? "INTERNAL" : "INVALID_REQUEST";
        };
    }
}
