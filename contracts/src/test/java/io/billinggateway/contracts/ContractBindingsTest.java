package io.billinggateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** What the bindings do without a chain: artifacts, encoding against the ABI, error decoding, typed data. */
class ContractBindingsTest {
    /** Never contacted: building calldata needs no node. */
    private static final Web3j OFFLINE = Web3j.build(new HttpService("http://127.0.0.1:9"));
    private static final String ADDRESS = "0x00000000000000000000000000000000000000aa";

    @Test
    void everyArtifactLoadsWithAbiAndBytecodeFromOneCompilation() {
        String sourceHash = ContractArtifact.load("CoreSystem").sourceHash();
        for (String name : ContractArtifact.CONTRACT_NAMES) {
            ContractArtifact artifact = ContractArtifact.load(name);
            assertThat(artifact.contractName()).isEqualTo(name);
            assertThat(artifact.abi()).isNotEmpty();
            assertThat(artifact.bytecode()).startsWith("0x").hasSizeGreaterThan(100);
            assertThat(artifact.compilerVersion()).startsWith("0.8.28+");
            assertThat(artifact.sourceHash()).isEqualTo(sourceHash).startsWith("sha256:");
        }
        assertThatThrownBy(() -> ContractArtifact.load("Nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no compiled artifact for contract 'Nope'")
                .hasMessageContaining("SubscriptionManager");
    }

    @Test
    void callsAreEncodedWithTheSelectorsOfTheCompiledAbi() {
        SubscriptionManager subscriptions = SubscriptionManager.at(ADDRESS, OFFLINE);
        ContractCall batch = subscriptions.chargeBatch(List.of(BigInteger.ONE, BigInteger.TWO));
        assertThat(batch.to()).isEqualTo(ADDRESS);
        assertThat(batch.value()).isZero();
        assertThat(batch.data()).startsWith(selector("chargeBatch(uint256[])"));

        String planHash = Hex.bytes32(Hash.sha3(new byte[] {7}));
        ContractCall nativeSubscribe = subscriptions.subscribe(planHash, BigInteger.TEN);
        assertThat(nativeSubscribe.data()).isEqualTo(selector("subscribe(bytes32)") + planHash.substring(2));
        assertThat(nativeSubscribe.value()).isEqualTo(BigInteger.TEN);

        Plan plan = new Plan(ADDRESS, ADDRESS, Hex.ZERO_ADDRESS, BigInteger.ONE, Duration.ofDays(1), BigInteger.ONE,
                Instant.ofEpochSecond(1_000), "ipfs://x");
        assertThat(PlanManager.at(ADDRESS, OFFLINE).createPlan(plan, "0x" + "11".repeat(65)).data())
                .startsWith(selector("createPlan((address,address,address,uint256,uint64,uint256,uint64,string),bytes)"));
        assertThat(CoreSystem.at(ADDRESS, OFFLINE).setService(CoreSystem.instanceId("default"), "PaymentGateway", ADDRESS).data())
                .startsWith(selector("setService(bytes32,string,address)"));
    }

    @Test
    void aFunctionMissingFromTheAbiIsRefusedWithTheFunctionsThatExist() {
        ContractAbi abi = ContractAbi.of("SubscriptionManager");
        assertThatThrownBy(() -> abi.encode("chargeBatch", new Uint256(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SubscriptionManager has no function chargeBatch(uint256)")
                .hasMessageContaining("chargeBatch(uint256[])");
    }

    @Test
    void revertDataIsDecodedIntoTheSuitesCustomErrors() {
        String role = Role.AUTOMATION.id();
        String data = selector("MissingRole(bytes32,address)")
                + FunctionEncoder.encodeConstructor(List.of(new Bytes32(Hex.toBytes(role)), new Address(ADDRESS)));
        ContractRevertException missingRole = ContractErrors.decode("charge", data, null);
        assertThat(missingRole.errorName()).isEqualTo("MissingRole");
        assertThat(missingRole.arguments()).containsExactly(role, ADDRESS);
        assertThat(missingRole.getMessage()).isEqualTo("charge reverted: MissingRole(" + role + ", " + ADDRESS + ")");

        String message = selector("Error(string)") + FunctionEncoder.encodeConstructor(List.of(new Utf8String("nope")));
        assertThat(ContractErrors.decode("call", message, null).arguments()).containsExactly("nope");
        assertThat(ContractErrors.decode("call", null, "0xabc").errorName()).isEqualTo("unknown");
        assertThat(ContractErrors.decode("call", "0xdeadbeef", null).arguments()).containsExactly("0xdeadbeef");
    }

    @Test
    void planTypedDataIsAnEip712DocumentBoundToChainAndContract() throws Exception {
        Plan plan = new Plan(ADDRESS, ADDRESS, Hex.ZERO_ADDRESS, BigInteger.TEN, Duration.ofDays(30), BigInteger.ONE,
                Instant.ofEpochSecond(2_000_000_000L), "ipfs://plan");
        JsonNode json = new ObjectMapper().readTree(TypedData.planJson(Eip712Domain.planManager(56, ADDRESS), plan));
        assertThat(json.get("primaryType").asText()).isEqualTo("Plan");
        assertThat(json.get("domain").get("chainId").asLong()).isEqualTo(56);
        assertThat(json.get("domain").get("verifyingContract").asText()).isEqualTo(ADDRESS);
        assertThat(json.get("message").get("period").asText()).isEqualTo("2592000");

        assertThat(TypedData.hashPlan(Eip712Domain.planManager(56, ADDRESS), plan))
                .isNotEqualTo(TypedData.hashPlan(Eip712Domain.planManager(1, ADDRESS), plan));
    }

    @Test
    void valuesAreValidatedWhereTheyEnter() {
        assertThatThrownBy(() -> new Plan(ADDRESS, ADDRESS, Hex.ZERO_ADDRESS, BigInteger.ZERO, Duration.ofDays(1),
                BigInteger.ONE, Instant.EPOCH, "")).hasMessageContaining("price must be positive");
        assertThatThrownBy(() -> new Plan(ADDRESS, ADDRESS, Hex.ZERO_ADDRESS, BigInteger.ONE, Duration.ofMillis(1500),
                BigInteger.ONE, Instant.EPOCH, "")).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new ContractCall("0x1234", "0x")).hasMessageContaining("not an address");
        assertThat(Hex.address("0x00000000000000000000000000000000000000AA")).isEqualTo(ADDRESS);

        String signature = "0x" + "01".repeat(32) + "02".repeat(32) + "1c";
        PermitSignature permit = PermitSignature.of(BigInteger.ONE, Instant.EPOCH, signature);
        assertThat(permit.v()).isEqualTo(28);
        assertThat(permit.r()).isEqualTo("0x" + "01".repeat(32));
        assertThat(permit.s()).isEqualTo("0x" + "02".repeat(32));
    }

    private static String selector(String signature) {
        return Hex.bytes32(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
    }
}
