package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.protocol.core.methods.response.AbiDefinition;

/**
 * One contract's compiler output as committed in {@code contracts/artifacts/<Name>.json}: ABI, creation
 * bytecode, runtime bytecode, the hash of the sources and compiler settings it was built from, and the suite
 * version of the sources ({@code SUITE_VERSION} on chain).
 */
public record ContractArtifact(
        String contractName,
        String sourceName,
        String compilerVersion,
        String sourceHash,
        int suiteVersion,
        List<AbiDefinition> abi,
        String bytecode,
        String deployedBytecode) {

    /** The contracts whose artifacts ship with this module. */
    public static final List<String> CONTRACT_NAMES = List.of(
            "CoreSystem",
            "PaymentGateway",
            "LocalPaymentGateway",
            "PlanManager",
            "SubscriptionManager",
            "Marketplace",
            "TestToken",
            "TestFeeOnTransferToken",
            "TestGasHeavyToken",
            "TestSmartWallet",
            "TestDiscountPolicy",
            "TestRevertingDiscountPolicy",
            "TestHookToken",
            "TestRoguePlanManager",
            "TestOverquotingGateway");

    private static final String RESOURCE_DIRECTORY = "/io/billinggateway/contracts/artifacts/";
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Map<String, ContractArtifact> CACHE = new ConcurrentHashMap<>();

    public ContractArtifact {
        requireNonNull(contractName, "contractName is null");
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(compilerVersion, "compilerVersion is null");
        requireNonNull(sourceHash, "sourceHash is null");
        if (suiteVersion <= 0) {
            throw new IllegalArgumentException(contractName + "'s artifact has no suite version");
        }
        abi = List.copyOf(requireNonNull(abi, "abi is null"));
        requireNonNull(bytecode, "bytecode is null");
        requireNonNull(deployedBytecode, "deployedBytecode is null");
    }

    /**
     * Loads the artifact of {@code contractName} from the classpath.
     *
     * @throws IllegalArgumentException if there is no such artifact; the message lists the known ones
     */
    public static ContractArtifact load(String contractName) {
        requireNonNull(contractName, "contractName is null");
        return CACHE.computeIfAbsent(contractName, ContractArtifact::read);
    }

    /** The suite version of the artifacts this module ships: what the deploy command deploys and expects on chain. */
    public static int currentSuiteVersion() {
        return load("CoreSystem").suiteVersion();
    }

    private static ContractArtifact read(String contractName) {
        try (InputStream input = ContractArtifact.class.getResourceAsStream(RESOURCE_DIRECTORY + contractName + ".json")) {
            if (input == null) {
                throw new IllegalArgumentException(
                        "no compiled artifact for contract '" + contractName + "'; known contracts: " + CONTRACT_NAMES);
            }
            JsonNode root = MAPPER.readTree(input);
            List<AbiDefinition> abi = new ArrayList<>();
            for (JsonNode entry : root.get("abi")) {
                abi.add(MAPPER.treeToValue(entry, AbiDefinition.class));
            }
            return new ContractArtifact(
                    root.get("contractName").asText(),
                    root.get("sourceName").asText(),
                    root.get("compiler").get("version").asText(),
                    root.get("sourceHash").asText(),
                    root.path("suiteVersion").asInt(0),
                    abi,
                    root.get("bytecode").asText(),
                    root.get("deployedBytecode").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact of " + contractName, e);
        }
    }
}
