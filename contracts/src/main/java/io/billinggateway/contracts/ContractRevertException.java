package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A call or transaction that the EVM reverted, with the custom error decoded from the suite's ABIs where
 * possible ({@code PlanAlreadyExists(0x..)}, {@code MissingRole(0x.., 0x..)}, {@code Error("...")},
 * {@code Panic(17)}).
 */
public final class ContractRevertException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final List<Object> arguments;
    private final String revertData;
    private final String transactionHash;

    ContractRevertException(String context, String errorName, List<Object> arguments, String revertData, String transactionHash) {
        super(context + " reverted: " + errorName + arguments.stream().map(String::valueOf).toList().toString()
                .replace('[', '(').replace(']', ')')
                + (transactionHash == null ? "" : " in transaction " + transactionHash));
        this.errorName = requireNonNull(errorName, "errorName is null");
        this.arguments = List.copyOf(arguments);
        this.revertData = revertData;
        this.transactionHash = transactionHash;
    }

    /**
     * Decodes the revert data a node returned (in a JSON-RPC error's {@code data} of {@code eth_call} or
     * {@code eth_estimateGas}) into the suite's custom error. For {@link TransactionSender}s outside this
     * package, such as a gateway's own sender lane, which estimate and send themselves.
     *
     * @param context what was attempted, e.g. {@code "eth_estimateGas of chargeBatch"}
     * @param revertData the 0x-prefixed revert data, or null when the node gave none
     * @param transactionHash the mined transaction that reverted, or null when the revert was found before sending
     */
    public static ContractRevertException decode(String context, String revertData, String transactionHash) {
        return ContractErrors.decode(requireNonNull(context, "context is null"), revertData, transactionHash);
    }

    /** The decoded error's name, e.g. {@code InvalidPlanSignature}; {@code unknown} when it could not be decoded. */
    public String errorName() {
        return errorName;
    }

    /** The decoded error's arguments: BigInteger for integers, String for addresses, bytes32 and strings. */
    public List<Object> arguments() {
        return arguments;
    }

    /** The raw revert data, when the node returned it. */
    public Optional<String> revertData() {
        return Optional.ofNullable(revertData);
    }

    /** The hash of the mined transaction that reverted; empty when the revert was found before sending. */
    public Optional<String> transactionHash() {
        return Optional.ofNullable(transactionHash);
    }
}
