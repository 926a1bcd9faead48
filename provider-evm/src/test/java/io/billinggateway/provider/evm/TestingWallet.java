package io.billinggateway.provider.evm;

import io.billinggateway.spi.CheckoutPayload;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A payer's wallet: signs a checkout's {@link CheckoutPayload.WalletTransaction} exactly as given (to, data, value,
 * gas limit, chain id) with EIP-1559 fees of its own choosing, sends it and waits for the receipt.
 */
final class TestingWallet {
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final Credentials owner;

    TestingWallet(Web3j web3j, Credentials owner) {
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    String address() {
        return owner.getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    /** Signs and sends the payload; returns its receipt (which may report a revert). */
    TransactionReceipt send(CheckoutPayload.WalletTransaction payload) {
        String hash = submit(payload);
        for (int attempt = 0; attempt < 400; attempt++) {
            try {
                Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
                if (receipt.isPresent()) {
                    return receipt.get();
                }
                Thread.sleep(25);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the wallet's transaction " + hash + " was not mined within 10 seconds");
    }

    /** Signs and sends the payload without waiting; returns the transaction hash. */
    String submit(CheckoutPayload.WalletTransaction payload) {
        try {
            long chainId = payload.chainId().evmChainId();
            BigInteger nonce = web3j.ethGetTransactionCount(owner.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
            BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getBaseFeePerGas();
            RawTransaction transaction = RawTransaction.createTransaction(chainId, nonce, payload.gasLimit(), payload.to(), payload.value(), payload.data(),
                    PRIORITY_FEE, baseFee.multiply(BigInteger.TWO).add(PRIORITY_FEE));
            EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, owner))).send();
            if (sent.hasError()) {
                throw new AssertionError("the node refused the wallet's transaction: " + sent.getError().getMessage());
            }
            return sent.getTransactionHash();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
