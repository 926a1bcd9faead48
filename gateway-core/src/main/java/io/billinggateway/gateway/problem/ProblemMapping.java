package io.billinggateway.gateway.problem;

import io.billinggateway.router.NetworkNotFoundException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.micronaut.http.HttpStatus;

import java.util.List;

/** The documented mapping of error codes to HTTP statuses and problem titles. */
public final class ProblemMapping {
    private ProblemMapping() {
    }

    public static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, SIGNATURE_INVALID -> HttpStatus.BAD_REQUEST;
            case UNSUPPORTED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case PAYMENT_DECLINED, INSUFFICIENT_FUNDS -> HttpStatus.PAYMENT_REQUIRED;
            case NETWORK_UNAVAILABLE, CONFIGURATION_INVALID -> HttpStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public static String title(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> "The request is invalid";
            case UNSUPPORTED -> "The network does not support this operation";
            case SIGNATURE_INVALID -> "The signature does not verify";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "The request conflicts with the current state";
            case PAYMENT_DECLINED -> "The payment was declined";
            case INSUFFICIENT_FUNDS -> "Insufficient funds";
            case NETWORK_UNAVAILABLE -> "The payment network is unavailable";
            case TIMEOUT -> "The payment network did not answer in time";
            case CONFIGURATION_INVALID -> "The network is misconfigured";
            case INTERNAL -> "Internal error";
        };
    }

    public static HttpStatus status(BillingException exception) {
        return exception instanceof UnprocessableRequestException ? HttpStatus.UNPROCESSABLE_ENTITY : status(exception.code());
    }

    public static Problem of(BillingException exception) {
        ErrorCode code = exception.code();
        if (exception instanceof UnprocessableRequestException unprocessable) {
            return new Problem(Problem.typeOf(unprocessable.problemCode()), "The request cannot be processed as sent", 422, Details.clean(exception.getMessage()), null,
                    unprocessable.problemCode(), false, null, null);
        }
        List<String> registered = exception instanceof NetworkNotFoundException notFound ? notFound.registered() : null;
        List<String> errors = exception instanceof InvalidRequestException invalid ? invalid.errors() : null;
        return new Problem(Problem.typeOf(code.name()), title(code), status(code).getCode(), Details.clean(exception.getMessage()), null, code.name(), code.retryable(),
                registered, errors);
    }
}
