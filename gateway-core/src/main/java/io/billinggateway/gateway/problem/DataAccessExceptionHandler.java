package io.billinggateway.gateway.problem;

import io.billinggateway.gateway.persistence.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * A failed statement never shows its SQL or the driver's message to the client. Validation at the boundary
 * ({@link io.billinggateway.gateway.input}) keeps input from reaching the database in a shape it refuses; when some
 * value still does (SQLSTATE class 22, data exception), the answer is a 400 that says which kind of value, because
 * only the request can have carried it, and the log records the statement under a correlation id. A unique
 * violation that a concurrent request caused is a 409. Anything else is a 500 with a correlation id.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
final class DataAccessExceptionHandler implements ExceptionHandler<DataAccessException, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(DataAccessExceptionHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DataAccessException exception) {
        String correlationId = UUID.randomUUID().toString();
        String state = exception.sqlState() == null ? "" : exception.sqlState();
        Problem problem;
        if (state.startsWith("22")) {
            LOG.warn("{} {} sent a value the database refused [correlation id {}]: {}", request.getMethod(), request.getPath(), correlationId, exception.getMessage());
            String detail = "a value in the request cannot be stored: " + dataProblem(state) + " (correlation id " + correlationId + ")";
            problem = new Problem(Problem.typeOf("INVALID_REQUEST"), ProblemMapping.title(io.billinggateway.spi.ErrorCode.INVALID_REQUEST), 400, detail,
                    request.getPath(), "INVALID_REQUEST", false, null, List.of(detail), correlationId);
        }
        else if (exception.isUniqueViolation()) {
            LOG.info("{} {} lost a race for a unique key [correlation id {}]: {}", request.getMethod(), request.getPath(), correlationId, exception.getMessage());
            problem = new Problem(Problem.typeOf("CONFLICT"), ProblemMapping.title(io.billinggateway.spi.ErrorCode.CONFLICT), 409,
                    "a concurrent request created the same record first; fetch the current state, or retry with the same Idempotency-Key",
                    request.getPath(), "CONFLICT", false, null, null, correlationId);
        }
        else {
            LOG.error("{} {} failed in the database [correlation id {}]: {}", request.getMethod(), request.getPath(), correlationId, exception.getMessage(), exception);
            problem = Problem.internal(request.getPath(), correlationId);
        }
        return HttpResponse.<Problem>status(io.micronaut.http.HttpStatus.valueOf(problem.status())).contentType(MediaType.of(Problem.MEDIA_TYPE)).body(problem);
    }

    private static String dataProblem(String state) {
        return switch (state) {
            case "22001" -> "a text is longer than its field allows";
            case "22003" -> "a number is out of range";
            case "22007", "22008" -> "a date, time or duration is out of range";
            case "22021", "22P05" -> "a text contains a character that cannot be stored (such as NUL)";
            default -> "a value has a form the database refuses";
        };
    }
}
