package io.billinggateway.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.AbiDefinition;
import org.web3j.utils.Numeric;

/** Decodes revert data into the custom errors declared anywhere in the suite. */
final class ContractErrors {
    private static final String ERROR_STRING_SELECTOR = "0x08c379a0";
    private static final String PANIC_SELECTOR = "0x4e487b71";
    private static final Map<String, AbiDefinition> ERRORS_BY_SELECTOR = new HashMap<>();

    static {
        for (String contractName : ContractArtifact.CONTRACT_NAMES) {
            for (AbiDefinition entry : ContractArtifact.load(contractName).abi()) {
                if (entry.getType().equals("error")) {
                    ERRORS_BY_SELECTOR.putIfAbsent(selector(ContractAbi.signature(entry)), entry);
                }
            }
        }
    }

    private ContractErrors() {}

    /**
     * @param context what was attempted, e.g. {@code "eth_call to 0x.."}
     * @param revertData the 0x-prefixed revert data, or null when the node gave none
     * @param transactionHash the mined transaction, or null
     */
    static ContractRevertException decode(String context, String revertData, String transactionHash) {
        if (revertData == null || revertData.length() < 10 || !revertData.startsWith("0x")) {
            return new ContractRevertException(context, "unknown", List.of(), revertData, transactionHash);
        }
        String selector = revertData.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
        String encodedArguments = revertData.substring(10);
        try {
            if (selector.equals(ERROR_STRING_SELECTOR)) {
                return new ContractRevertException(context, "Error",
                        decodeArguments(List.of("string"), encodedArguments), revertData, transactionHash);
            }
            if (selector.equals(PANIC_SELECTOR)) {
                return new ContractRevertException(context, "Panic",
                        decodeArguments(List.of("uint256"), encodedArguments), revertData, transactionHash);
            }
            AbiDefinition error = ERRORS_BY_SELECTOR.get(selector);
            if (error == null) {
                return new ContractRevertException(context, "unknown", List.of(selector), revertData, transactionHash);
            }
            List<String> types = error.getInputs().stream().map(ContractAbi::canonicalType).toList();
            return new ContractRevertException(context, error.getName(),
                    decodeArguments(types, encodedArguments), revertData, transactionHash);
        } catch (RuntimeException e) {
            return new ContractRevertException(context, "undecodable", List.of(selector), revertData, transactionHash);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> decodeArguments(List<String> solidityTypes, String encoded) {
        List<TypeReference<Type>> references = new ArrayList<>();
        for (String solidityType : solidityTypes) {
            try {
                references.add((TypeReference) TypeReference.makeTypeReference(solidityType));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("cannot decode an error argument of type " + solidityType, e);
            }
        }
        List<Object> values = new ArrayList<>();
        for (Type value : FunctionReturnDecoder.decode(encoded, references)) {
            Object raw = value.getValue();
            values.add(raw instanceof byte[] bytes ? Numeric.toHexString(bytes)
                    : raw instanceof BigInteger || raw instanceof String ? raw : value.toString());
        }
        return values;
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }
}
