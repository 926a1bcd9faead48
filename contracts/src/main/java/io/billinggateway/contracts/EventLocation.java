package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Where an event was emitted. {@code (transactionHash, logIndex)} identifies it for idempotent processing;
 * {@code blockHash} lets a cursor notice a reorg.
 */
public record EventLocation(String contract, BigInteger blockNumber, String blockHash, String transactionHash, BigInteger logIndex) {

    public EventLocation {
        contract = Hex.address(contract);
        requireNonNull(blockNumber, "blockNumber is null");
        requireNonNull(blockHash, "blockHash is null");
        requireNonNull(transactionHash, "transactionHash is null");
        requireNonNull(logIndex, "logIndex is null");
    }

    static EventLocation of(Log log) {
        return new EventLocation(log.getAddress(), log.getBlockNumber(), log.getBlockHash(), log.getTransactionHash(), log.getLogIndex());
    }
}
