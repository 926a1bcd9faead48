package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * Binding of {@code CoreSystem}: the roles of a deployment ({@link Role}) and its service registry, in which
 * modules find each other by {@code (instanceId, name)}.
 *
 * <p>A name is registered at once only the first time ({@link #setService}); replacing or removing a registered
 * service is scheduled ({@link #scheduleServiceChange}) and executed no earlier than {@link #SERVICE_CHANGE_DELAY}
 * later ({@link #executeServiceChange}).
 */
public final class CoreSystem {
    /** Registry name under which modules look up the payment gateway. */
    public static final String PAYMENT_GATEWAY_SERVICE = "PaymentGateway";
    /** Registry name under which modules look up the plan manager. */
    public static final String PLAN_MANAGER_SERVICE = "PlanManager";
    /** Registry name of the subscription manager (for discovery; no module looks it up). */
    public static final String SUBSCRIPTION_MANAGER_SERVICE = "SubscriptionManager";
    /** Registry name of the marketplace (for discovery; no module looks it up). */
    public static final String MARKETPLACE_SERVICE = "Marketplace";

    /** How long a change of a registered service waits between being scheduled and taking effect. */
    public static final Duration SERVICE_CHANGE_DELAY = Duration.ofDays(2);

    /** A pending change of a registered service: {@code service} is the zero address for a removal. */
    public record ScheduledServiceChange(String service, Instant executableAt) {
        public ScheduledServiceChange {
            service = Hex.address(service);
            requireNonNull(executableAt, "executableAt is null");
        }
    }

    private final ContractBinding contract;

    private CoreSystem(String address, Web3j web3j) {
        this.contract = new ContractBinding("CoreSystem", address, web3j);
    }

    public static CoreSystem at(String address, Web3j web3j) {
        return new CoreSystem(address, web3j);
    }

    /**
     * Deploys a CoreSystem whose default admin is {@code admin}; handing the admin role to someone else takes
     * {@code adminTransferDelay}.
     */
    public static CoreSystem deploy(TransactionSender sender, Web3j web3j, Duration adminTransferDelay, String admin) {
        String address = ContractBinding.deploy(sender, "CoreSystem",
                new Uint48(adminTransferDelay.getSeconds()), new Address(Hex.address(admin)));
        return at(address, web3j);
    }

    /** The 32-byte instance id of a deployment label, {@code keccak256(label)}; the deploy command uses "default". */
    public static String instanceId(String label) {
        requireNonNull(label, "label is null");
        return Hex.bytes32(Hash.sha3(label.getBytes(StandardCharsets.UTF_8)));
    }

    public String address() {
        return contract.address();
    }

    public String typeAndVersion() {
        return contract.callString("typeAndVersion");
    }

    /** {@code SUITE_VERSION}: modules of one CoreSystem share it. */
    public int suiteVersion() {
        return contract.callUint("SUITE_VERSION").intValueExact();
    }

    /** The delay the contract enforces between scheduling and executing a service change. */
    public Duration serviceChangeDelay() {
        return Duration.ofSeconds(contract.callUint("SERVICE_CHANGE_DELAY").longValueExact());
    }

    /** @return the change of {@code name} waiting to be executed, if any */
    public Optional<ScheduledServiceChange> scheduledServiceChange(String instanceId, String name) {
        List<Type> values = contract.call("scheduledServiceChange",
                List.of(new TypeReference<Address>() {}, new TypeReference<Uint64>() {}),
                new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(requireNonNull(name, "name is null")));
        long executableAt = ((BigInteger) values.get(1).getValue()).longValueExact();
        return executableAt == 0
                ? Optional.empty()
                : Optional.of(new ScheduledServiceChange((String) values.get(0).getValue(), Instant.ofEpochSecond(executableAt)));
    }

    public boolean hasRole(Role role, String account) {
        return contract.callBool("hasRole", roleId(role), new Address(Hex.address(account)));
    }

    /** The current default admin, who grants and revokes every other role. */
    public String defaultAdmin() {
        return contract.callAddress("defaultAdmin");
    }

    /** @return the service registered under {@code name} for {@code instanceId}, if any */
    public Optional<String> getService(String instanceId, String name) {
        String service = contract.callAddress("getService", new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(name));
        return service.equals(Hex.ZERO_ADDRESS) ? Optional.empty() : Optional.of(service);
    }

    /** Needs the default admin. */
    public ContractCall grantRole(Role role, String account) {
        return contract.transaction("grantRole", roleId(role), new Address(Hex.address(account)));
    }

    /** Needs the default admin; the way to cut off a compromised keeper. */
    public ContractCall revokeRole(Role role, String account) {
        return contract.transaction("revokeRole", roleId(role), new Address(Hex.address(account)));
    }

    /** Needs FEATURE_OWNER; only for a name that has no service yet (otherwise {@link #scheduleServiceChange}). */
    public ContractCall setService(String instanceId, String name, String service) {
        return contract.transaction("setService",
                new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(requireNonNull(name, "name is null")),
                new Address(Hex.address(service)));
    }

    /**
     * Needs FEATURE_OWNER: replaces (or, with the zero address, removes) a registered service once
     * {@link #SERVICE_CHANGE_DELAY} has passed and {@link #executeServiceChange} is sent.
     */
    public ContractCall scheduleServiceChange(String instanceId, String name, String service) {
        return contract.transaction("scheduleServiceChange",
                new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(requireNonNull(name, "name is null")),
                new Address(Hex.address(service)));
    }

    /** Needs FEATURE_OWNER; reverts {@code ServiceChangeNotReady} before the delay has passed. */
    public ContractCall executeServiceChange(String instanceId, String name) {
        return contract.transaction("executeServiceChange",
                new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(requireNonNull(name, "name is null")));
    }

    /** Needs FEATURE_OWNER. */
    public ContractCall cancelServiceChange(String instanceId, String name) {
        return contract.transaction("cancelServiceChange",
                new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Utf8String(requireNonNull(name, "name is null")));
    }

    private static Bytes32 roleId(Role role) {
        return new Bytes32(Hex.toBytes(requireNonNull(role, "role is null").id()));
    }
}
