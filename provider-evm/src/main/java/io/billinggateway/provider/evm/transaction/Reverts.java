package io.billinggateway.provider.evm.transaction;

import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import org.web3j.protocol.core.Response;

import java.util.Locale;

/** Reads a JSON-RPC error of {@code eth_call} or {@code eth_estimateGas}: a revert with its decoded error, or a node problem. */
public final class Reverts {
    private Reverts() {
    }

    /**
     * @return a {@link ContractRevertException} when the error carries revert data or says it reverted; a
     *         {@link BillingException} ({@link ErrorCode#INSUFFICIENT_FUNDS} when the sender cannot pay, else
     *         {@link ErrorCode#NETWORK_UNAVAILABLE}) otherwise
     */
    public static RuntimeException fromError(String what, Response.Error error) {
        String data = error.getData();
        if (data != null && data.length() > 1 && data.startsWith("\"") && data.endsWith("\"")) {
            data = data.substring(1, data.length() - 1);
        }
        String message = String.valueOf(error.getMessage());
        if (data != null && data.startsWith("0x") && data.length() >= 10) {
            return ContractRevertException.decode(what, data, null);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("revert")) {
            return ContractRevertException.decode(what, null, null);
        }
        if (lower.contains("insufficient funds")) {
            return new BillingException(ErrorCode.INSUFFICIENT_FUNDS, what + ": the sending account cannot pay for gas and value (" + message + ")");
        }
        return new BillingException(ErrorCode.NETWORK_UNAVAILABLE, what + " failed: " + message + " (code " + error.getCode() + ")");
    }
}
