package io.billinggateway.tck.fault;

import io.billinggateway.spi.ErrorCode;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What {@link FaultInjection} does to one call between the gateway and a provider (or between a provider and
 * its counterpart, when an author wires it into a transport fake).
 */
public sealed interface Fault {
    /** The call goes through untouched. */
    record None() implements Fault {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** The call goes through after {@code delay}, as over a slow network. */
    record SlowResponse(Duration delay) implements Fault {
        public SlowResponse {
            requireNonNull(delay, "delay is null");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, got " + delay);
            }
        }

        @Override
        public String toString() {
            return "slow response (" + delay.toMillis() + " ms)";
        }
    }

    /**
     * The request never arrives: nothing happens on the other side and the caller sees
     * {@link ErrorCode#TIMEOUT}.
     */
    record LostRequest() implements Fault {
        @Override
        public String toString() {
            return "lost request (TIMEOUT, nothing executed)";
        }
    }

    /**
     * The request is carried out but its answer never arrives: the caller sees {@link ErrorCode#TIMEOUT} although
     * money may have moved. This is the fault that makes idempotency matter.
     */
    record LostResponse() implements Fault {
        @Override
        public String toString() {
            return "lost response (executed, then TIMEOUT)";
        }
    }

    /** The other side answers with a transient error before doing anything ({@link ErrorCode#NETWORK_UNAVAILABLE} by default). */
    record RetryableError(ErrorCode code) implements Fault {
        public RetryableError {
            requireNonNull(code, "code is null");
            if (!code.retryable()) {
                throw new IllegalArgumentException(code + " is not retryable; use FinalError");
            }
        }

        @Override
        public String toString() {
            return "retryable error " + code;
        }
    }

    /** The other side refuses the request for good, before doing anything. */
    record FinalError(ErrorCode code) implements Fault {
        public FinalError {
            requireNonNull(code, "code is null");
            if (code.retryable()) {
                throw new IllegalArgumentException(code + " is retryable; use RetryableError");
            }
        }

        @Override
        public String toString() {
            return "final error " + code;
        }
    }
}
