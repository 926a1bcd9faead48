package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * A {@link TransactionSender} that signs locally with web3j {@link Credentials}: estimates gas (so a call that
 * would revert fails before it is sent, with the decoded error), prices EIP-1559 fees where the chain has a base
 * fee and legacy gas prices elsewhere, keeps its own nonce counter and polls for the receipt.
 *
 * <p>Thread-safe; one instance should own an account's nonce on a chain. The private key never leaves the
 * credentials and is never part of a message.
 */
public final class Web3jTransactionSender implements TransactionSender {
    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(125);
    private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final Duration receiptTimeout;
    private BigInteger nextNonce;

    public Web3jTransactionSender(Web3j web3j, Credentials credentials, long chainId, Duration receiptTimeout) {
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.chainId = chainId;
        this.receiptTimeout = requireNonNull(receiptTimeout, "receiptTimeout is null");
    }

    /** A sender for the chain {@code web3j} is connected to, waiting up to two minutes for receipts. */
    public static Web3jTransactionSender connect(Web3j web3j, Credentials credentials) {
        return new Web3jTransactionSender(web3j, credentials, Rpc.chainId(web3j).longValueExact(), Duration.ofMinutes(2));
    }

    @Override
    public String address() {
        return Hex.address(credentials.getAddress());
    }

    public long chainId() {
        return chainId;
    }

    @Override
    public TransactionReceipt send(ContractCall call) {
        return awaitReceipt(submit(call));
    }

    @Override
    public TransactionReceipt deploy(String initCode) {
        return awaitReceipt(submit(null, initCode, BigInteger.ZERO, null));
    }

    /** Signs and sends {@code call} without waiting; the gas limit is estimated. @return the transaction hash */
    public String submit(ContractCall call) {
        return submit(call.to(), call.data(), call.value(), null);
    }

    /** Signs and sends {@code call} with a fixed gas limit, skipping estimation. @return the transaction hash */
    public String submit(ContractCall call, BigInteger gasLimit) {
        return submit(call.to(), call.data(), call.value(), requireNonNull(gasLimit, "gasLimit is null"));
    }

    /**
     * Polls for the receipt of {@code transactionHash}.
     *
     * @throws ContractRevertException if the transaction was mined but reverted
     * @throws EvmRpcException if no receipt arrives within the timeout
     */
    public TransactionReceipt awaitReceipt(String transactionHash) {
        long deadline = System.nanoTime() + receiptTimeout.toNanos();
        long pauseMillis = 5;
        while (true) {
            Optional<TransactionReceipt> receipt = Rpc.send(web3j.ethGetTransactionReceipt(transactionHash),
                    "eth_getTransactionReceipt " + transactionHash).getTransactionReceipt();
            if (receipt.isPresent()) {
                if (!receipt.get().isStatusOK()) {
                    throw ContractErrors.decode("transaction", receipt.get().getRevertReason(), transactionHash);
                }
                return receipt.get();
            }
            if (System.nanoTime() > deadline) {
                throw new EvmRpcException("no receipt for " + transactionHash + " after " + receiptTimeout
                        + "; it may still be mined: check it by hash before sending again");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EvmRpcException("interrupted while waiting for " + transactionHash, e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    private synchronized String submit(String to, String data, BigInteger value, BigInteger fixedGasLimit) {
        String what = to == null ? "contract creation" : "transaction to " + to;
        BigInteger gasLimit = fixedGasLimit != null ? fixedGasLimit : estimateGas(to, data, value, what);
        BigInteger nonce = nonce();
        EthBlock.Block latest = Rpc.send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false),
                "eth_getBlockByNumber").getBlock();
        String target = to == null ? "" : to;
        RawTransaction transaction;
        if (latest.getBaseFeePerGas() != null) {
            BigInteger priorityFee = priorityFee();
            BigInteger maxFee = latest.getBaseFeePerGas().multiply(BigInteger.TWO).add(priorityFee);
            transaction = RawTransaction.createTransaction(chainId, nonce, gasLimit, target, value, data, priorityFee, maxFee);
        } else {
            BigInteger gasPrice = Rpc.send(web3j.ethGasPrice(), "eth_gasPrice").getGasPrice();
            transaction = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, target, value, data);
        }
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, credentials));
        EthSendTransaction response = Rpc.send(web3j.ethSendRawTransaction(signed), "eth_sendRawTransaction");
        if (response.hasError()) {
            nextNonce = null;
            throw Rpc.failure(what, response.getError());
        }
        nextNonce = nonce.add(BigInteger.ONE);
        return response.getTransactionHash();
    }

    private BigInteger estimateGas(String to, String data, BigInteger value, String what) {
        Transaction request = new Transaction(credentials.getAddress(), null, null, null, to, value, data);
        EthEstimateGas estimate = Rpc.send(web3j.ethEstimateGas(request), "eth_estimateGas");
        if (estimate.hasError()) {
            throw Rpc.failure(what, estimate.getError());
        }
        return estimate.getAmountUsed().multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100));
    }

    private BigInteger nonce() {
        if (nextNonce == null) {
            nextNonce = Rpc.send(web3j.ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.PENDING),
                    "eth_getTransactionCount").getTransactionCount();
        }
        return nextNonce;
    }

    private BigInteger priorityFee() {
        var response = Rpc.send(web3j.ethMaxPriorityFeePerGas(), "eth_maxPriorityFeePerGas");
        return response.hasError() || response.getMaxPriorityFeePerGas() == null
                ? DEFAULT_PRIORITY_FEE
                : response.getMaxPriorityFeePerGas();
    }
}
