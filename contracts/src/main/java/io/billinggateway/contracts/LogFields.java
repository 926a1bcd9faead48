package io.billinggateway.contracts;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** Reads the fields of one log: indexed ones from its topics, the others from its data, by position. */
final class LogFields {
    private final Log log;
    private final List<Type> data;

    private LogFields(Log log, List<Type> data) {
        this.log = log;
        this.data = data;
    }

    @SafeVarargs
    @SuppressWarnings({"unchecked", "rawtypes"})
    static LogFields of(Log log, TypeReference<? extends Type>... dataTypes) {
        List<TypeReference<Type>> references = (List) List.of(dataTypes);
        return new LogFields(log, references.isEmpty() ? List.of() : FunctionReturnDecoder.decode(log.getData(), references));
    }

    /** The 32-byte topic at {@code position} (1 to 3), as hex. */
    String topic(int position) {
        return log.getTopics().get(position).toLowerCase(java.util.Locale.ROOT);
    }

    String topicAddress(int position) {
        return Hex.address("0x" + topic(position).substring(26));
    }

    BigInteger topicUint(int position) {
        return Numeric.toBigInt(topic(position));
    }

    BigInteger uint(int index) {
        return (BigInteger) data.get(index).getValue();
    }

    int smallUint(int index) {
        return uint(index).intValueExact();
    }

    Instant instant(int index) {
        return Instant.ofEpochSecond(uint(index).longValueExact());
    }

    String address(int index) {
        return Hex.address((String) data.get(index).getValue());
    }

    String bytes32(int index) {
        return Hex.bytes32((byte[]) data.get(index).getValue());
    }

    String string(int index) {
        return (String) data.get(index).getValue();
    }
}
