package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.AbiDefinition;
import org.web3j.utils.Numeric;

/**
 * The ABI of one artifact, used by the hand-written bindings to check that every function they encode and
 * every event they decode exists in the compiled contract with exactly those types.
 */
final class ContractAbi {
    private final ContractArtifact artifact;
    private final Map<String, AbiDefinition> functionsBySignature = new HashMap<>();
    private final Map<String, String> eventSignaturesByName = new HashMap<>();
    private final AbiDefinition constructor;

    private ContractAbi(ContractArtifact artifact) {
        this.artifact = artifact;
        AbiDefinition foundConstructor = null;
        for (AbiDefinition entry : artifact.abi()) {
            switch (entry.getType()) {
                case "function" -> functionsBySignature.put(signature(entry), entry);
                case "event" -> eventSignaturesByName.put(entry.getName(), signature(entry));
                case "constructor" -> foundConstructor = entry;
                default -> {}
            }
        }
        this.constructor = foundConstructor;
    }

    static ContractAbi of(String contractName) {
        return new ContractAbi(ContractArtifact.load(contractName));
    }

    String contractName() {
        return artifact.contractName();
    }

    /**
     * @return the 0x-prefixed calldata of {@code name(parameters)}
     * @throws IllegalStateException if the ABI has no function with these parameter types
     */
    String encode(String name, Type<?>... parameters) {
        List<Type> values = List.of(parameters);
        String signature = name + "(" + values.stream().map(Type::getTypeAsString).collect(Collectors.joining(",")) + ")";
        if (!functionsBySignature.containsKey(signature)) {
            throw new IllegalStateException(
                    contractName() + " has no function " + signature + "; its functions are "
                            + new TreeSet<>(functionsBySignature.keySet()));
        }
        return FunctionEncoder.encode(new Function(name, values, List.of()));
    }

    /** @return the creation bytecode followed by the ABI-encoded constructor arguments */
    String deployData(Type<?>... arguments) {
        int expected = constructor == null ? 0 : constructor.getInputs().size();
        if (arguments.length != expected) {
            throw new IllegalStateException(
                    contractName() + "'s constructor takes " + expected + " arguments, got " + arguments.length);
        }
        List<Type> values = List.of(arguments);
        String encoded = values.isEmpty() ? "" : FunctionEncoder.encodeConstructor(values);
        return artifact.bytecode() + Numeric.cleanHexPrefix(encoded);
    }

    /**
     * @return topic 0 of {@code eventName}
     * @throws IllegalStateException if the ABI declares no such event
     */
    String eventTopic(String eventName) {
        String signature = eventSignaturesByName.get(eventName);
        if (signature == null) {
            throw new IllegalStateException(
                    contractName() + " declares no event " + eventName + "; its events are "
                            + new TreeSet<>(eventSignaturesByName.keySet()));
        }
        return EventEncoder.buildEventSignature(signature);
    }

    static String signature(AbiDefinition entry) {
        return entry.getName() + "(" + entry.getInputs().stream().map(ContractAbi::canonicalType).collect(Collectors.joining(",")) + ")";
    }

    static String canonicalType(AbiDefinition.NamedType type) {
        requireNonNull(type, "type is null");
        String name = type.getType();
        if (name.startsWith("tuple")) {
            String components = type.getComponents().stream().map(ContractAbi::canonicalType).collect(Collectors.joining(","));
            return "(" + components + ")" + name.substring("tuple".length());
        }
        return name;
    }
}
