package io.billinggateway.tck;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ErrorCode;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * The kit's ways of calling the provider under test. Each turns a broken contract into an assertion failure
 * whose message names the contract and what the provider did instead.
 */
final class ContractAssertions {
    private ContractAssertions() {
    }

    /** Calls an operation that must succeed because its capability is declared. */
    static <T> T declared(Capability capability, String operation, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (BillingException e) {
            if (e.code() == ErrorCode.UNSUPPORTED) {
                return fail("capability " + capability + " is declared but " + operation + " threw UNSUPPORTED: " + e.getMessage(), e);
            }
            return fail("capability " + capability + " is declared but " + operation + " failed with " + e.code() + ": " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            return fail("capability " + capability + " is declared but " + operation + " threw " + e + " instead of a BillingException", e);
        }
    }

    /** Calls an operation that must fail with the standard error because its capability is not declared. */
    static void undeclared(Capability capability, String operation, Supplier<?> call) {
        Object result;
        try {
            result = call.get();
        }
        catch (BillingException e) {
            if (e.code() != ErrorCode.UNSUPPORTED) {
                fail("capability " + capability + " is not declared, so " + operation + " must throw BillingException UNSUPPORTED "
                        + "(BillingException.unsupported), but it threw " + e.code() + ": " + e.getMessage(), e);
            }
            return;
        }
        catch (RuntimeException e) {
            fail("capability " + capability + " is not declared, so " + operation + " must throw BillingException UNSUPPORTED, but it threw " + e, e);
            return;
        }
        fail("capability " + capability + " is not declared but " + operation + " succeeded: " + result);
    }

    /** Calls an operation every provider has, which must succeed. */
    static <T> T required(String operation, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        }
        catch (BillingException e) {
            return fail(operation + " failed with " + e.code() + ": " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            return fail(operation + " threw " + e + " instead of returning (failures must be BillingExceptions)", e);
        }
        if (result == null) {
            return fail(operation + " returned null");
        }
        return result;
    }

    /** Calls an operation that must fail with {@code code}; {@code contract} says why, for the message. */
    static BillingException expectError(ErrorCode code, String operation, String contract, Supplier<?> call) {
        Object result;
        try {
            result = call.get();
        }
        catch (BillingException e) {
            if (e.code() != code) {
                return fail(operation + " must throw " + code + " (" + contract + ") but threw " + e.code() + ": " + e.getMessage(), e);
            }
            return e;
        }
        catch (RuntimeException e) {
            return fail(operation + " must throw BillingException " + code + " (" + contract + ") but threw " + e, e);
        }
        return fail(operation + " must throw " + code + " (" + contract + ") but returned " + result);
    }
}
