package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint40;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Binding of {@code SubscriptionManager}: subscribing (deposit, allowance or permit), charging by the
 * AUTOMATION account one by one or in batches of at most {@link #batchLimit()}, the retry schedule, and
 * cancellation with refund of the deposit.
 *
 * <p>A charge never reverts because of a subscription's state; read each item's fate from the receipt with
 * {@link #chargeOutcomes(TransactionReceipt)}.
 */
public final class SubscriptionManager {
    private final ContractBinding contract;

    private SubscriptionManager(String address, Web3j web3j) {
        this.contract = new ContractBinding("SubscriptionManager", address, web3j);
    }

    public static SubscriptionManager at(String address, Web3j web3j) {
        return new SubscriptionManager(address, web3j);
    }

    /**
     * Deploys a SubscriptionManager that finds its gateway and plan manager in {@code core} under {@code instanceId}.
     *
     * @param retryDelay the first retry comes this long after a failed charge, the n-th n times as long
     */
    public static SubscriptionManager deploy(TransactionSender sender, Web3j web3j, String core, String instanceId,
            int batchLimit, int maxRetries, Duration retryDelay) {
        return at(ContractBinding.deploy(sender, "SubscriptionManager",
                new Address(Hex.address(core)), bytes32(instanceId), new Uint256(batchLimit),
                new Uint8(maxRetries), new Uint32(retryDelay.getSeconds())), web3j);
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

    public String instanceId() {
        return contract.callBytes32("instanceId");
    }

    /** The most subscription ids one {@link #chargeBatch} may carry. */
    public int batchLimit() {
        return contract.callUint("batchLimit").intValueExact();
    }

    public int maxRetries() {
        return contract.callUint("maxRetries").intValueExact();
    }

    public Duration retryDelay() {
        return Duration.ofSeconds(contract.callUint("retryDelay").longValueExact());
    }

    public BigInteger lastSubscriptionId() {
        return contract.callUint("lastSubscriptionId");
    }

    /** @return the subscription, or empty if {@code subscriptionId} was never issued */
    public Optional<Subscription> getSubscription(BigInteger subscriptionId) {
        List<Type> values = contract.call("getSubscription", List.of(
                new TypeReference<Address>() {},
                new TypeReference<Uint40>() {},
                new TypeReference<Uint40>() {},
                new TypeReference<Uint8>() {},
                new TypeReference<Uint8>() {},
                new TypeReference<Bytes32>() {},
                new TypeReference<Uint256>() {}), new Uint256(subscriptionId));
        SubscriptionStatus status = SubscriptionStatus.fromOrdinal(uint(values.get(3)).intValueExact());
        if (status == SubscriptionStatus.NONE) {
            return Optional.empty();
        }
        long retryAt = uint(values.get(2)).longValueExact();
        return Optional.of(new Subscription(
                subscriptionId,
                (String) values.get(0).getValue(),
                Hex.bytes32((byte[]) values.get(5).getValue()),
                status,
                Instant.ofEpochSecond(uint(values.get(1)).longValueExact()),
                retryAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(retryAt)),
                uint(values.get(4)).intValueExact(),
                uint(values.get(6))));
    }

    /** @return the terms the subscriber agreed to at subscribe, or empty if {@code subscriptionId} was never issued */
    public Optional<SubscriptionTerms> getTerms(BigInteger subscriptionId) {
        List<Type> values = contract.call("getTerms", List.of(
                new TypeReference<Address>() {},
                new TypeReference<Uint64>() {},
                new TypeReference<Address>() {},
                new TypeReference<Uint256>() {}), new Uint256(subscriptionId));
        String merchant = Hex.address((String) values.get(0).getValue());
        if (merchant.equals(Hex.ZERO_ADDRESS)) {
            return Optional.empty();
        }
        return Optional.of(new SubscriptionTerms(merchant, (String) values.get(2).getValue(), uint(values.get(3)),
                Duration.ofSeconds(uint(values.get(1)).longValueExact())));
    }

    /** When the subscription is next due; the epoch for an unknown subscription. */
    public Instant nextChargeAt(BigInteger subscriptionId) {
        return Instant.ofEpochSecond(contract.callUint("nextChargeAt", new Uint256(subscriptionId)).longValueExact());
    }

    public ChargePreview previewCharge(BigInteger subscriptionId) {
        List<Type> values = contract.call("previewCharge",
                List.of(new TypeReference<Bool>() {}, new TypeReference<Uint8>() {}, new TypeReference<Uint256>() {}),
                new Uint256(subscriptionId));
        boolean chargeable = (Boolean) values.get(0).getValue();
        Optional<SkipReason> reason = chargeable
                ? Optional.empty()
                : Optional.of(SkipReason.fromOrdinal(uint(values.get(1)).intValueExact()));
        return new ChargePreview(reason, uint(values.get(2)));
    }

    /** @return the subscriber's active subscription to {@code planHash}, if any */
    public Optional<BigInteger> activeSubscriptionOf(String subscriber, String planHash) {
        BigInteger id = contract.callUint("activeSubscriptionOf", new Address(Hex.address(subscriber)), bytes32(planHash));
        return id.signum() == 0 ? Optional.empty() : Optional.of(id);
    }

    /** Refunds the account rejected when they were pushed, waiting for {@link #claimRefund()}. */
    public BigInteger refundOwed(String account) {
        return contract.callUint("refundOwed", new Address(Hex.address(account)));
    }

    /** Subscribes to an ERC-20 plan; the subscriber must have approved the gateway for one period. */
    public ContractCall subscribe(String planHash) {
        return contract.transaction("subscribe", bytes32(planHash));
    }

    /** Subscribes to a native-coin plan with {@code deposit} wei (at least one period). */
    public ContractCall subscribe(String planHash, BigInteger deposit) {
        return subscribe(planHash).withValue(deposit);
    }

    /** Subscribes to an ERC-20 plan with an EIP-2612 permit for the gateway (see {@link Erc20Token#permitJson}). */
    public ContractCall subscribeWithPermit(String planHash, PermitSignature permit) {
        requireNonNull(permit, "permit is null");
        return contract.transaction("subscribeWithPermit", bytes32(planHash), new Uint256(permit.value()),
                new Uint256(permit.deadline().getEpochSecond()), new Uint8(permit.v()), bytes32(permit.r()), bytes32(permit.s()));
    }

    /** Tops up a native-coin subscription's deposit. */
    public ContractCall deposit(BigInteger subscriptionId, BigInteger amount) {
        return contract.transaction("deposit", new Uint256(subscriptionId)).withValue(amount);
    }

    /** The subscriber ends the subscription; the deposit is refunded. */
    public ContractCall unsubscribe(BigInteger subscriptionId) {
        return contract.transaction("unsubscribe", new Uint256(subscriptionId));
    }

    /** OPERATOR only: ends the subscription and refunds the deposit to the subscriber. */
    public ContractCall forceCancel(BigInteger subscriptionId, String reason) {
        return contract.transaction("forceCancel", new Uint256(subscriptionId), new Utf8String(requireNonNull(reason, "reason is null")));
    }

    public ContractCall claimRefund() {
        return contract.transaction("claimRefund");
    }

    /** AUTOMATION only. */
    public ContractCall charge(BigInteger subscriptionId) {
        return contract.transaction("charge", new Uint256(subscriptionId));
    }

    /** AUTOMATION only; at most {@link #batchLimit()} ids. */
    public ContractCall chargeBatch(List<BigInteger> subscriptionIds) {
        List<Uint256> ids = subscriptionIds.stream().map(Uint256::new).toList();
        return contract.transaction("chargeBatch", new DynamicArray<>(Uint256.class, ids));
    }

    /**
     * AUTOMATION only, for a due subscription whose payment fails now (funds short, or the payment itself reverts);
     * the contract attempts the charge and refuses with {@code SubscriptionChargeable} if it would go through, and
     * with {@code NotAPaymentFailure} when the plan is inactive or unknown.
     */
    public ContractCall markFailedCharge(BigInteger subscriptionId) {
        return contract.transaction("markFailedCharge", new Uint256(subscriptionId));
    }

    /** GOVERNOR only. */
    public ContractCall setBatchLimit(int limit) {
        return contract.transaction("setBatchLimit", new Uint256(limit));
    }

    /** GOVERNOR only. */
    public ContractCall setRetryPolicy(int maxRetries, Duration retryDelay) {
        return contract.transaction("setRetryPolicy", new Uint8(maxRetries), new Uint32(retryDelay.getSeconds()));
    }

    /** @return the SubscriptionManager event in {@code log}, if it is one of this contract's */
    public Optional<SubscriptionEvent> decode(Log log) {
        if (!contract.isFromThisContract(log)) {
            return Optional.empty();
        }
        if (contract.isEvent(log, "SubscriptionCharged")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.Charged(EventLocation.of(log), fields.topicUint(1), fields.topic(2), fields.topicAddress(3),
                    fields.uint(0), fields.uint(1), fields.instant(2)));
        }
        if (contract.isEvent(log, "ChargeSkipped")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint8>() {});
            return Optional.of(new SubscriptionEvent.ChargeSkipped(EventLocation.of(log), fields.topicUint(1),
                    SkipReason.fromOrdinal(fields.smallUint(0))));
        }
        if (contract.isEvent(log, "SubscriptionActivated")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.Activated(EventLocation.of(log), fields.topicUint(1), fields.topic(2),
                    fields.topicAddress(3), fields.instant(0), fields.uint(1)));
        }
        if (contract.isEvent(log, "SubscriptionRetryScheduled")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint8>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.RetryScheduled(EventLocation.of(log), fields.topicUint(1),
                    fields.smallUint(0), fields.instant(1)));
        }
        if (contract.isEvent(log, "SubscriptionFailedFinal")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint8>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.FailedFinal(EventLocation.of(log), fields.topicUint(1),
                    fields.smallUint(0), fields.uint(1)));
        }
        if (contract.isEvent(log, "SubscriptionCancelled")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {}, new TypeReference<Utf8String>() {});
            return Optional.of(new SubscriptionEvent.Cancelled(EventLocation.of(log), fields.topicUint(1),
                    fields.topicAddress(2), fields.topicAddress(3), fields.uint(0), fields.string(1)));
        }
        if (contract.isEvent(log, "DepositAdded")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.DepositAdded(EventLocation.of(log), fields.topicUint(1),
                    fields.topicAddress(2), fields.uint(0), fields.uint(1)));
        }
        if (contract.isEvent(log, "RefundDeferred")) {
            LogFields fields = LogFields.of(log, new TypeReference<Uint256>() {});
            return Optional.of(new SubscriptionEvent.RefundDeferred(EventLocation.of(log), fields.topicAddress(1), fields.uint(0)));
        }
        return Optional.empty();
    }

    /** All SubscriptionManager events in {@code receipt}, in log order. */
    public List<SubscriptionEvent> events(TransactionReceipt receipt) {
        return ContractBinding.logs(receipt).stream().map(this::decode).flatMap(Optional::stream).toList();
    }

    /** Each charged or skipped item of a {@code charge}/{@code chargeBatch} receipt, in the order of the ids sent. */
    public List<ChargeOutcome> chargeOutcomes(TransactionReceipt receipt) {
        return events(receipt).stream()
                .filter(ChargeOutcome.class::isInstance)
                .map(ChargeOutcome.class::cast)
                .toList();
    }

    /** The id of the subscription a {@code subscribe} receipt activated. */
    public BigInteger activatedSubscriptionId(TransactionReceipt receipt) {
        return events(receipt).stream()
                .filter(SubscriptionEvent.Activated.class::isInstance)
                .map(event -> ((SubscriptionEvent.Activated) event).subscriptionId())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "transaction " + receipt.getTransactionHash() + " activated no subscription"));
    }

    private static BigInteger uint(Type<?> value) {
        return (BigInteger) value.getValue();
    }

    private static Bytes32 bytes32(String value) {
        return new Bytes32(Hex.toBytes(Hex.bytes32(value)));
    }
}
