package io.billinggateway.contracts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on reverts, by the name of the custom error the contract raised. */
public final class ContractAssertions {
    private ContractAssertions() {}

    public static void assertReverts(String errorName, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ContractRevertException.class)
                .extracting(thrown -> ((ContractRevertException) thrown).errorName())
                .isEqualTo(errorName);
    }
}
