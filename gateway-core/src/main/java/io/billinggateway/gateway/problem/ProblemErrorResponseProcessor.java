package io.billinggateway.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.billinggateway.gateway.input.TextRules;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the framework's own errors (unknown route, wrong method, malformed JSON, an unconvertible path or query
 * value, body too large, and any exception no handler claimed) as problem documents, so that clients handle one
 * error format. The details are written here, in words a client can act on: the framework's messages carry class
 * names and parser internals. A server error says only what the client can do and a correlation id; its cause is
 * logged under that id.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);
    private static final Pattern ALLOWED_METHODS = Pattern.compile("Allowed methods: \\[([A-Z, ]*)]");
    private static final Pattern CONTENT_LENGTHS = Pattern.compile("\\[(\\d+)].*\\[(\\d+)]");

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        HttpRequest<?> request = errorContext.getRequest();
        Problem problem;
        if (status.getCode() >= 500) {
            String correlationId = UUID.randomUUID().toString();
            LOG.error("{} {} failed with {} [correlation id {}]: {}", request.getMethod(), request.getPath(), status.getCode(), correlationId,
                    errorContext.getErrors().stream().map(Error::getMessage).toList(), errorContext.getRootCause().orElse(null));
            problem = Problem.internal(request.getPath(), correlationId);
        }
        else {
            List<String> errors = List.of(describe(status, errorContext));
            String code = codeOf(status);
            problem = new Problem(Problem.typeOf(code), titleOf(status), status.getCode(), String.join("; ", errors), request.getPath(), code, false, null,
                    errors.size() > 1 ? errors : null);
        }
        return response.contentType(MediaType.of(Problem.MEDIA_TYPE)).body(problem);
    }

    private static String describe(HttpStatus status, ErrorContext context) {
        HttpRequest<?> request = context.getRequest();
        Optional<Throwable> cause = context.getRootCause();
        String frameworkMessage = context.getErrors().stream().map(Error::getMessage).findFirst().orElse("");
        Optional<JsonProcessingException> malformed = cause.flatMap(root -> find(root, JsonProcessingException.class));
        if (malformed.isPresent()) {
            return malformedJson(malformed.get());
        }
        Optional<ConversionErrorException> conversion = cause.flatMap(root -> find(root, ConversionErrorException.class));
        if (conversion.isPresent()) {
            return unconvertible(conversion.get());
        }
        if (cause.flatMap(root -> find(root, ContentLengthExceededException.class)).isPresent() || status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            Matcher lengths = CONTENT_LENGTHS.matcher(frameworkMessage);
            if (lengths.find()) {
                return "body: " + lengths.group(1) + " bytes is more than the limit of " + lengths.group(2) + " bytes";
            }
            // Without a body, Netty refused the request line or a header before any route was found
            return request.getContentLength() > 0
                    ? "body: larger than the limit of the gateway (1 MB)"
                    : "request line or headers: longer than the gateway accepts (a URL of at most 4,096 bytes, headers of at most 8 KB)";
        }
        return switch (status) {
            case NOT_FOUND -> "no resource at " + request.getMethod() + " " + TextRules.printable(request.getPath()) + "; the API is described at /swagger/billing-gateway.yml";
            case METHOD_NOT_ALLOWED -> {
                Matcher allowed = ALLOWED_METHODS.matcher(frameworkMessage);
                yield request.getMethod() + " is not allowed on " + TextRules.printable(request.getPath()) + (allowed.find() ? "; allowed: " + allowed.group(1) : "");
            }
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type: send the body as application/json";
            case NOT_ACCEPTABLE -> "Accept: this resource answers application/json";
            case UNAUTHORIZED -> "a valid bearer token is required (Authorization: Bearer <token>)";
            case FORBIDDEN -> "the token's roles do not allow this request";
            default -> "the request cannot be processed: " + status.getReason().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String malformedJson(JsonProcessingException exception) {
        String message = Optional.ofNullable(exception.getOriginalMessage()).map(original -> original.lines().findFirst().orElse("")).orElse("");
        String where = exception.getLocation() == null ? "" : " at line " + exception.getLocation().getLineNr() + ", column " + exception.getLocation().getColumnNr();
        return "body: malformed JSON" + where + (message.isBlank() ? "" : " (" + Details.clean(message) + ")");
    }

    private static String unconvertible(ConversionErrorException exception) {
        String name = exception.getArgument().getName();
        Class<?> type = exception.getArgument().getType();
        String expected = type == java.util.UUID.class ? "a UUID"
                : type == Integer.class || type == int.class || type == Long.class || type == long.class ? "an integer"
                : type == Boolean.class || type == boolean.class ? "true or false"
                : "a valid " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        Object value = exception.getConversionError().getOriginalValue().orElse(null);
        return name + ": expected " + expected + (value instanceof CharSequence text ? ", got '" + TextRules.printable(text.toString()) + "'" : "");
    }


    private static <T extends Throwable> Optional<T> find(Throwable root, Class<T> type) {
        for (Throwable current = root; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
        }
        return Optional.empty();
    }

    private static String codeOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case REQUEST_ENTITY_TOO_LARGE -> "REQUEST_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            case FORBIDDEN -> "FORBIDDEN";
            default -> "INVALID_REQUEST";
        };
    }

    private static String titleOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "The request is too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case UNAUTHORIZED -> "Authentication required";
            case FORBIDDEN -> "Forbidden";
            default -> "The request is invalid";
        };
    }
}
