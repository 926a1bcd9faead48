package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * A transaction to an existing contract, ready to be signed by any account: the shape of a checkout payload.
 *
 * @param to the contract's address
 * @param data the ABI-encoded call, 0x-prefixed
 * @param value native coin to send with it, in wei
 */
public record ContractCall(String to, String data, BigInteger value) {

    public ContractCall {
        to = Hex.address(to);
        requireNonNull(data, "data is null");
        if (!data.startsWith("0x")) {
            throw new IllegalArgumentException("data must be 0x-prefixed hex: " + data);
        }
        requireNonNull(value, "value is null");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
    }

    public ContractCall(String to, String data) {
        this(to, data, BigInteger.ZERO);
    }

    /** The same call carrying {@code value} wei. */
    public ContractCall withValue(BigInteger value) {
        return new ContractCall(to, data, value);
    }
}
