package io.billinggateway.provider.evm.transaction;

import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Gas limits from {@code eth_estimateGas} against the live chain, never guessed, plus a margin of
 * {@value #MARGIN_PERCENT}% because the state may change between the estimate and the block that includes the
 * transaction (and the EVM keeps 1/64 of the gas from nested calls).
 */
public final class GasEstimates {
    public static final int MARGIN_PERCENT = 25;

    private GasEstimates() {
    }

    /**
     * @param from the account that will send the call (its balance, allowance and roles decide the outcome)
     * @throws ContractRevertException when the call would revert
     * @throws BillingException {@link ErrorCode#INSUFFICIENT_FUNDS} when {@code from} cannot pay for value and gas,
     *         {@link ErrorCode#NETWORK_UNAVAILABLE} when the node cannot be asked
     */
    public static BigInteger estimate(Web3j web3j, String from, ContractCall call, String what) {
        Transaction request = new Transaction(from, null, null, null, call.to(), call.value(), call.data());
        EthEstimateGas estimate;
        try {
            estimate = web3j.ethEstimateGas(request).send();
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "eth_estimateGas of " + what + " failed: " + e.getMessage(), e);
        }
        if (estimate.hasError()) {
            throw Reverts.fromError("eth_estimateGas of " + what, estimate.getError());
        }
        return estimate.getAmountUsed().multiply(BigInteger.valueOf(100 + MARGIN_PERCENT)).divide(BigInteger.valueOf(100));
    }
}
