package io.billinggateway.provider.evm.transaction;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Receipts of sent transactions. A transaction without a receipt after the timeout is not guessed at: callers
 * report it as pending and, before sending anything for the same purpose again, {@linkplain #lookup look it up}
 * by hash.
 */
public final class Receipts {
    private static final long FIRST_PAUSE_MILLIS = 25;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    private final Web3j web3j;
    private final Duration timeout;

    public Receipts(Web3j web3j, Duration timeout) {
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Polls for the receipt of {@code hash} until the receipt timeout. Node failures while waiting are retried
     * until then (the RPC layer fails over meanwhile).
     *
     * @return the receipt (successful or reverted), or empty when none came in time
     */
    public Optional<TransactionReceipt> await(String hash) {
        requireNonNull(hash, "hash is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                EthGetTransactionReceipt response = web3j.ethGetTransactionReceipt(hash).send();
                if (!response.hasError() && response.getTransactionReceipt().isPresent()) {
                    return response.getTransactionReceipt();
                }
            }
            catch (IOException e) {
                // every endpoint failed this time; keep waiting until the deadline
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    /** What the chain says about a sent transaction now, without waiting. */
    public sealed interface Status {
        /** Mined, successfully or reverted. */
        record Mined(TransactionReceipt receipt) implements Status {
        }

        /** Known to the node but not mined yet. */
        record Waiting() implements Status {
        }

        /** Neither mined nor known to the node: it never arrived or was dropped, so its nonce is free again. */
        record Unknown() implements Status {
        }

        /** The node could not be asked; nothing can be concluded. */
        record Unreachable(String reason) implements Status {
        }
    }

    public Status lookup(String hash) {
        requireNonNull(hash, "hash is null");
        try {
            EthGetTransactionReceipt receipt = web3j.ethGetTransactionReceipt(hash).send();
            if (!receipt.hasError() && receipt.getTransactionReceipt().isPresent()) {
                return new Status.Mined(receipt.getTransactionReceipt().get());
            }
            EthTransaction transaction = web3j.ethGetTransactionByHash(hash).send();
            if (!transaction.hasError() && transaction.getTransaction().isPresent()) {
                return new Status.Waiting();
            }
            return receipt.hasError() || transaction.hasError()
                    ? new Status.Unreachable(String.valueOf((receipt.hasError() ? receipt : transaction).getError().getMessage()))
                    : new Status.Unknown();
        }
        catch (IOException e) {
            return new Status.Unreachable(e.getMessage());
        }
    }
}
