package io.billinggateway.gateway.problem;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a {@link BillingException} from anywhere in a request into its problem document. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = {BillingException.class, ExceptionHandler.class})
public final class BillingExceptionHandler implements ExceptionHandler<BillingException, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(BillingExceptionHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, BillingException exception) {
        Problem problem;
        if (exception.code() == ErrorCode.INTERNAL) {
            String correlationId = java.util.UUID.randomUUID().toString();
            LOG.error("{} {} failed [correlation id {}]: {}", request.getMethod(), request.getPath(), correlationId, exception.getMessage(), exception);
            problem = exception instanceof IncompleteOperationException
                    ? Problem.incomplete(request.getPath(), Details.clean(exception.getMessage()), correlationId)
                    : Problem.internal(request.getPath(), correlationId);
        }
        else {
            problem = ProblemMapping.of(exception).withInstance(request.getPath());
        }
        return HttpResponse.<Problem>status(ProblemMapping.status(exception))
                .contentType(MediaType.of(Problem.MEDIA_TYPE))
                .body(problem);
    }
}
