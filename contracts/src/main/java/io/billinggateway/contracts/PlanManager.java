package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Binding of {@code PlanManager}: EIP-712 author-signed plans identified by their hash, their status, and the
 * governor's active-plan limit per author.
 *
 * <p>Publishing a plan: build a {@link Plan}, hash it with {@link TypedData#hashPlan} in {@link #domain()} (or ask
 * {@link #hashPlan}), have the author sign the digest ({@link TypedData#sign}), then send {@link #createPlan}.
 */
public final class PlanManager {
    private final ContractBinding contract;

    private PlanManager(String address, Web3j web3j) {
        this.contract = new ContractBinding("PlanManager", address, web3j);
    }

    public static PlanManager at(String address, Web3j web3j) {
        return new PlanManager(address, web3j);
    }

    public static PlanManager deploy(TransactionSender sender, Web3j web3j, String core, long activePlanLimit) {
        return at(ContractBinding.deploy(sender, "PlanManager",
                new Address(Hex.address(core)), new Uint256(activePlanLimit)), web3j);
    }

    public String address() {
        return contract.address();
    }

    /** The CoreSystem this contract takes its roles and services from. */
    public String core() {
        return contract.callAddress("core");
    }

    public String typeAndVersion() {
        return contract.callString("typeAndVersion");
    }

    public int suiteVersion() {
        return contract.callUint("SUITE_VERSION").intValueExact();
    }

    /** The signing domain, read from the contract (ERC-5267): name, version, chain id and address. */
    public Eip712Domain domain() {
        return contract.eip712Domain();
    }

    /** The plan's hash as the contract computes it; equals {@code TypedData.hashPlan(domain(), plan)}. */
    public String hashPlan(Plan plan) {
        return contract.callBytes32("hashPlan", requireNonNull(plan, "plan is null").toAbi());
    }

    /** @return the plan stored under {@code planHash}, or empty if there is none */
    public Optional<RegisteredPlan> getPlan(String planHash) {
        List<Type> values = contract.call("getPlan", List.of(
                new TypeReference<Address>() {},
                new TypeReference<Uint64>() {},
                new TypeReference<Uint8>() {},
                new TypeReference<Address>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Address>() {}), bytes32(planHash));
        PlanStatus status = PlanStatus.fromOrdinal(((BigInteger) values.get(2).getValue()).intValueExact());
        if (status == PlanStatus.NONE) {
            return Optional.empty();
        }
        return Optional.of(new RegisteredPlan(
                planHash,
                (String) values.get(5).getValue(),
                (String) values.get(0).getValue(),
                (String) values.get(3).getValue(),
                (BigInteger) values.get(4).getValue(),
                Duration.ofSeconds(((BigInteger) values.get(1).getValue()).longValueExact()),
                status));
    }

    public BigInteger activePlanLimit() {
        return contract.callUint("activePlanLimit");
    }

    public BigInteger activePlanCount(String author) {
        return contract.callUint("activePlanCount", new Address(Hex.address(author)));
    }

    /** Publishes {@code plan} with its author's 65-byte {@code signature}; anyone may send it. */
    public ContractCall createPlan(Plan plan, String signature) {
        return contract.transaction("createPlan",
                requireNonNull(plan, "plan is null").toAbi(), new DynamicBytes(Hex.toBytes(requireNonNull(signature, "signature is null"))));
    }

    /** The author (between ACTIVE and INACTIVE), an OPERATOR or a GOVERNOR (any status) may send it. */
    public ContractCall setPlanStatus(String planHash, PlanStatus status) {
        if (requireNonNull(status, "status is null") == PlanStatus.NONE) {
            throw new IllegalArgumentException("a plan's status cannot be set to NONE");
        }
        return contract.transaction("setPlanStatus", bytes32(planHash), new Uint8(status.ordinal()));
    }

    /** GOVERNOR only. */
    public ContractCall setActivePlanLimit(long limit) {
        return contract.transaction("setActivePlanLimit", new Uint256(limit));
    }

    /** @return the PlanManager event in {@code log}, if it is one of this contract's */
    public Optional<PlanEvent> decode(Log log) {
        EventLocation location;
        if (contract.isEvent(log, "PlanCreated")) {
            location = EventLocation.of(log);
            LogFields fields = LogFields.of(log,
                    new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint64>() {},
                    new TypeReference<Utf8String>() {});
            return Optional.of(new PlanEvent.Created(location, fields.topic(1), fields.topicAddress(2), fields.topicAddress(3),
                    fields.address(0), fields.uint(1), Duration.ofSeconds(fields.uint(2).longValueExact()), fields.string(3)));
        }
        if (contract.isEvent(log, "PlanStatusChanged")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint8>() {}, new TypeReference<Uint8>() {});
            return Optional.of(new PlanEvent.StatusChanged(EventLocation.of(log), fields.topic(1),
                    PlanStatus.fromOrdinal(fields.smallUint(0)), PlanStatus.fromOrdinal(fields.smallUint(1)), fields.topicAddress(2)));
        }
        if (contract.isEvent(log, "ActivePlanLimitChanged")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new PlanEvent.ActivePlanLimitChanged(EventLocation.of(log), fields.uint(0), fields.uint(1)));
        }
        return Optional.empty();
    }

    public List<PlanEvent> events(TransactionReceipt receipt) {
        return ContractBinding.logs(receipt).stream().map(this::decode).flatMap(Optional::stream).toList();
    }

    /** The hash of the plan created in {@code receipt}. @throws IllegalArgumentException if it created none */
    public String createdPlanHash(TransactionReceipt receipt) {
        return events(receipt).stream()
                .filter(PlanEvent.Created.class::isInstance)
                .map(event -> ((PlanEvent.Created) event).planHash())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("transaction " + receipt.getTransactionHash() + " created no plan"));
    }

    private static Bytes32 bytes32(String value) {
        return new Bytes32(Hex.toBytes(Hex.bytes32(value)));
    }
}
