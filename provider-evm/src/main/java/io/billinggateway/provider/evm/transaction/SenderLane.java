package io.billinggateway.provider.evm.transaction;

import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.Hex;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.ProviderMetrics;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.Objects.requireNonNull;

/**
 * The only sender of one account on one network: a single thread owns the account's nonce, so concurrent
 * callers (the charge worker, plan administration, cancellations) are serialised and never reuse or skip a nonce.
 *
 * <p>Each transaction's gas limit is estimated ({@link GasEstimates}, from this account); a call that would
 * revert fails here with the decoded {@link ContractRevertException} and nothing is sent. Fees are EIP-1559
 * ({@code maxFeePerGas = 2 × baseFee + priority fee}, the priority fee from {@code eth_maxPriorityFeePerGas}),
 * or the legacy {@code eth_gasPrice} on chains without a base fee, and never above the configured cap: when the
 * base fee alone exceeds the cap nothing is sent.
 *
 * <p>The nonce is the larger of the lane's own counter and the node's pending count. When a node refuses a send, the
 * lane first looks the transaction up by hash: an endpoint that failed after taking it (and was failed over) may
 * have delivered it already, and then it is not sent again. After a send whose fate is unknown, or a nonce the node
 * calls too low, the lane forgets its counter and asks the node again.
 */
public final class SenderLane implements AutoCloseable {
    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final BigInteger maxFeePerGasCap;
    private final ProviderMetrics metrics;
    private final System.Logger log;
    private final ExecutorService thread;
    private BigInteger nextNonce;

    /**
     * @param threadName names the lane's thread, e.g. {@code evm-bsc-sender-0x12ab…}
     */
    public SenderLane(Web3j web3j, Credentials credentials, long chainId, BigInteger maxFeePerGasCap, ProviderMetrics metrics,
                      System.Logger log, String threadName) {
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.chainId = chainId;
        this.maxFeePerGasCap = requireNonNull(maxFeePerGasCap, "maxFeePerGasCap is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread lane = new Thread(runnable, threadName);
            lane.setDaemon(true);
            return lane;
        });
    }

    public String address() {
        return Hex.address(credentials.getAddress());
    }

    /**
     * Estimates, prices, signs and sends {@code call} in this lane's order. Returns once the transaction has been
     * handed to a node (or its fate became unknown); does not wait for it to be mined.
     *
     * @param purpose a short label for metrics and logs ({@code chargeBatch}, {@code createPlan})
     * @throws ContractRevertException when estimation shows the call would revert; nothing was sent
     * @throws BillingException {@link ErrorCode#NETWORK_UNAVAILABLE} when no node answered before sending or the
     *         fee is above the cap; nothing was sent
     */
    public SentTransaction send(ContractCall call, String purpose) {
        requireNonNull(call, "call is null");
        requireNonNull(purpose, "purpose is null");
        Future<SentTransaction> result = thread.submit(() -> sendOnLane(call, purpose));
        try {
            return result.get();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BillingException(ErrorCode.INTERNAL, "sending " + purpose + " failed: " + e.getCause(), e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The lane finishes the send on its own; its fate is not known to this caller.
            throw new BillingException(ErrorCode.TIMEOUT, "interrupted while sending " + purpose);
        }
    }

    /**
     * Called when a transaction of this lane was never mined and no node knows it any more: its nonce is free
     * again, so the counter is re-read from the node before the next send.
     */
    public void forgetNonce() {
        thread.execute(() -> nextNonce = null);
    }

    private SentTransaction sendOnLane(ContractCall call, String purpose) {
        BigInteger gasLimit = GasEstimates.estimate(web3j, address(), call, purpose);
        Fees fees = fees(purpose);
        for (int attempt = 0; ; attempt++) {
            BigInteger nonce = nonce(purpose);
            RawTransaction transaction = fees.eip1559()
                    ? RawTransaction.createTransaction(chainId, nonce, gasLimit, call.to(), call.value(), call.data(), fees.priorityFee(), fees.maxFee())
                    : RawTransaction.createTransaction(nonce, fees.maxFee(), gasLimit, call.to(), call.value(), call.data());
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, credentials));
            String hash = Hash.sha3(signed).toLowerCase(Locale.ROOT);
            EthSendTransaction response;
            try {
                response = web3j.ethSendRawTransaction(signed).send();
            }
            catch (IOException e) {
                // The node may or may not have it: report the hash so the caller re-checks it before sending again.
                nextNonce = null;
                metrics.increment("evm_transactions_sent_total", Map.of("purpose", purpose, "result", "unknown"));
                log.log(System.Logger.Level.WARNING, purpose + " transaction " + hash + " (nonce " + nonce + ") may not have reached a node: " + e.getMessage());
                return new SentTransaction(hash, nonce, purpose, false);
            }
            if (!response.hasError()) {
                nextNonce = nonce.add(BigInteger.ONE);
                metrics.increment("evm_transactions_sent_total", Map.of("purpose", purpose, "result", "sent"));
                return new SentTransaction(hash, nonce, purpose, true);
            }
            String message = String.valueOf(response.getError().getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("already known") || message.contains("known transaction") || known(hash)) {
                // A node received this very transaction before (e.g. the endpoint that failed over had already taken it).
                nextNonce = nonce.add(BigInteger.ONE);
                metrics.increment("evm_transactions_sent_total", Map.of("purpose", purpose, "result", "sent"));
                return new SentTransaction(hash, nonce, purpose, true);
            }
            nextNonce = null;
            if (attempt == 0 && (message.contains("nonce too low") || message.contains("nonce too high"))) {
                continue;
            }
            metrics.increment("evm_transactions_sent_total", Map.of("purpose", purpose, "result", "rejected"));
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE,
                    "the node rejected the " + purpose + " transaction: " + response.getError().getMessage());
        }
    }

    /** Whether a node knows the transaction, pending or mined. */
    private boolean known(String hash) {
        try {
            return web3j.ethGetTransactionByHash(hash).send().getTransaction().isPresent();
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Fees fees(String purpose) {
        EthBlock.Block latest = rpc(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), "eth_getBlockByNumber").getBlock();
        if (latest == null) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "the node returned no latest block");
        }
        BigInteger baseFee = latest.getBaseFeePerGas();
        if (baseFee == null) {
            BigInteger gasPrice = rpc(web3j.ethGasPrice(), "eth_gasPrice").getGasPrice();
            if (gasPrice.compareTo(maxFeePerGasCap) > 0) {
                throw aboveCap(purpose, "gas price", gasPrice);
            }
            return new Fees(false, gasPrice, gasPrice);
        }
        if (baseFee.compareTo(maxFeePerGasCap) > 0) {
            throw aboveCap(purpose, "base fee", baseFee);
        }
        BigInteger priorityFee;
        EthMaxPriorityFeePerGas suggested = rpc(web3j.ethMaxPriorityFeePerGas(), "eth_maxPriorityFeePerGas");
        if (!suggested.hasError() && suggested.getMaxPriorityFeePerGas() != null) {
            priorityFee = suggested.getMaxPriorityFeePerGas();
        }
        else {
            // Nodes without eth_maxPriorityFeePerGas: what eth_gasPrice offers above the base fee.
            priorityFee = rpc(web3j.ethGasPrice(), "eth_gasPrice").getGasPrice().subtract(baseFee).max(BigInteger.ZERO);
        }
        BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(priorityFee);
        if (maxFee.compareTo(maxFeePerGasCap) > 0) {
            metrics.increment("evm_fee_capped_total", Map.of("purpose", purpose));
            maxFee = maxFeePerGasCap;
        }
        return new Fees(true, priorityFee.min(maxFee.subtract(baseFee)), maxFee);
    }

    private BillingException aboveCap(String purpose, String what, BigInteger wei) {
        metrics.increment("evm_fee_above_cap_total", Map.of("purpose", purpose));
        return new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "not sending " + purpose + ": the " + what + " of " + wei
                + " wei per gas is above max-fee-per-gas-cap " + maxFeePerGasCap + "; it is tried again later");
    }

    private BigInteger nonce(String purpose) {
        BigInteger pending = rpc(web3j.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING), "eth_getTransactionCount for " + purpose)
                .getTransactionCount();
        if (nextNonce == null || pending.compareTo(nextNonce) > 0) {
            nextNonce = pending;
        }
        return nextNonce;
    }

    private static <T extends Response<?>> T rpc(Request<?, T> request, String what) {
        try {
            return request.send();
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, what + " failed: " + e.getMessage(), e);
        }
    }

    private record Fees(boolean eip1559, BigInteger priorityFee, BigInteger maxFee) {
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
