package io.billinggateway.contracts;

import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Signs and sends transactions for one account on one chain. The bindings only build {@link ContractCall}s;
 * who owns the nonce, how fees are priced and how long to wait are the sender's business, so a gateway can
 * plug in its own per-network sender lane.
 */
public interface TransactionSender {

    /** The 0x-prefixed address of the account that signs and pays. */
    String address();

    /**
     * Sends {@code call} and waits until it is mined.
     *
     * @throws ContractRevertException if the call reverts, before sending (gas estimation) or once mined
     * @throws EvmRpcException if the node cannot be reached or the receipt does not come in time
     */
    TransactionReceipt send(ContractCall call);

    /**
     * Sends a contract creation and waits until it is mined.
     *
     * @param initCode creation bytecode followed by the encoded constructor arguments, 0x-prefixed
     * @return the receipt, whose {@code contractAddress} is the new contract
     */
    TransactionReceipt deploy(String initCode);
}
