package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Binding of {@code PaymentGateway} and of its local variant {@code LocalPaymentGateway} (every pair supported,
 * 1:1, no fee; its governance setters do not exist). The native coin is {@link #NATIVE_COIN}.
 */
public final class PaymentGateway {
    /** How the gateways address the chain's native coin. */
    public static final String NATIVE_COIN = Hex.ZERO_ADDRESS;

    /** What a payer owes after the discount hook, and the protocol's fee out of it. */
    public record Quote(BigInteger amountDue, BigInteger fee) {
        public Quote {
            requireNonNull(amountDue, "amountDue is null");
            requireNonNull(fee, "fee is null");
        }
    }

    /** {@code PaymentProcessed}: a module moved {@code amount} from {@code payer}; {@code fee} went to the fee receiver. */
    public record PaymentProcessed(
            EventLocation location, String module, String payer, String merchant, String token, BigInteger amount, BigInteger fee) {}

    private final ContractBinding contract;

    private PaymentGateway(String address, Web3j web3j) {
        this.contract = new ContractBinding("PaymentGateway", address, web3j);
    }

    public static PaymentGateway at(String address, Web3j web3j) {
        return new PaymentGateway(address, web3j);
    }

    /**
     * Deploys the fee-taking gateway. {@code feeBps} is at most 1000 (10 %); {@code supportedTokens} are accepted
     * from the start ({@link #NATIVE_COIN} for the native coin), later changes are the governor's.
     */
    public static PaymentGateway deploy(TransactionSender sender, Web3j web3j, String core, String instanceId, String feeReceiver,
            int feeBps, List<String> supportedTokens) {
        List<Address> tokens = supportedTokens.stream().map(PaymentGateway::address).toList();
        return at(ContractBinding.deploy(sender, "PaymentGateway",
                new Address(Hex.address(core)), new Bytes32(Hex.toBytes(Hex.bytes32(instanceId))),
                new Address(Hex.address(feeReceiver)), new Uint16(feeBps), new DynamicArray<>(Address.class, tokens)), web3j);
    }

    /** Deploys the local no-fee 1:1 gateway: every token converts 1:1, so never on a network whose tokens have value. */
    public static PaymentGateway deployLocal(TransactionSender sender, Web3j web3j, String core, String instanceId) {
        return at(ContractBinding.deploy(sender, "LocalPaymentGateway",
                new Address(Hex.address(core)), new Bytes32(Hex.toBytes(Hex.bytes32(instanceId)))), web3j);
    }

    public String address() {
        return contract.address();
    }

    /** The CoreSystem this contract takes its roles and services from. */
    public String core() {
        return contract.callAddress("core");
    }

    /** {@code PaymentGateway 2.0.0} or {@code LocalPaymentGateway 2.0.0}. */
    public String typeAndVersion() {
        return contract.callString("typeAndVersion");
    }

    public int suiteVersion() {
        return contract.callUint("SUITE_VERSION").intValueExact();
    }

    /** The registry instance whose SubscriptionManager and Marketplace may move money through this gateway. */
    public String instanceId() {
        return contract.callBytes32("instanceId");
    }

    /** Whether {@code module} may call {@code processPayment}: it holds PAYMENT_MODULE and is a registered module. */
    public boolean isRegisteredModule(String module) {
        return contract.callBool("isRegisteredModule", address(module));
    }

    /** Needs PAYMENT_MODULE and a registered module; for tests proving that nothing else can pull. */
    public ContractCall processPayment(String payer, String merchant, String token, BigInteger amount) {
        return contract.transaction("processPayment", address(payer), address(merchant), address(token), new Uint256(amount));
    }

    /** Fee-taking gateway only: how old a conversion rate may be and still be used. */
    public Duration maxRateAge() {
        return Duration.ofSeconds(contract.callUint("maxRateAge").longValueExact());
    }

    /** GOVERNOR only; 1 minute to 30 days. */
    public ContractCall setMaxRateAge(Duration maxRateAge) {
        return contract.transaction("setMaxRateAge", new Uint32(maxRateAge.getSeconds()));
    }

    public boolean isPairSupported(String paymentToken, String targetToken) {
        return contract.callBool("isPairSupported", address(paymentToken), address(targetToken));
    }

    public BigInteger convertAmount(String fromToken, String toToken, BigInteger amount) {
        return contract.callUint("convertAmount", address(fromToken), address(toToken), new Uint256(amount));
    }

    public Quote quote(String payer, String merchant, String token, BigInteger amount) {
        List<Type> values = contract.call("quote",
                List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}),
                address(payer), address(merchant), address(token), new Uint256(amount));
        return new Quote((BigInteger) values.get(0).getValue(), (BigInteger) values.get(1).getValue());
    }

    public String feeReceiver() {
        return contract.callAddress("feeReceiver");
    }

    public int feeBps() {
        return contract.callUint("feeBps").intValueExact();
    }

    public boolean isTokenSupported(String token) {
        return contract.callBool("isTokenSupported", address(token));
    }

    /** GOVERNOR only. */
    public ContractCall setFeeReceiver(String receiver) {
        return contract.transaction("setFeeReceiver", address(receiver));
    }

    /** GOVERNOR only; at most 1000. */
    public ContractCall setFeeBps(int feeBps) {
        return contract.transaction("setFeeBps", new Uint16(feeBps));
    }

    /** GOVERNOR only. */
    public ContractCall setTokenSupported(String token, boolean supported) {
        return contract.transaction("setTokenSupported", address(token), new Bool(supported));
    }

    /** GOVERNOR only: {@code amount} of {@code fromToken} is worth {@code amount * numerator / denominator} of {@code toToken}. */
    public ContractCall setConversionRate(String fromToken, String toToken, BigInteger numerator, BigInteger denominator) {
        return contract.transaction("setConversionRate",
                address(fromToken), address(toToken), new Uint128(numerator), new Uint128(denominator));
    }

    /** GOVERNOR only; the zero address removes the hook. */
    public ContractCall setDiscountPolicy(String policy) {
        return contract.transaction("setDiscountPolicy", address(policy));
    }

    /** @return the {@code PaymentProcessed} event in {@code log}, if it is one of this gateway's */
    public Optional<PaymentProcessed> decode(Log log) {
        if (!contract.isEvent(log, "PaymentProcessed")) {
            return Optional.empty();
        }
        LogFields fields = LogFields.of(log, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
        return Optional.of(new PaymentProcessed(EventLocation.of(log),
                fields.topicAddress(1), fields.topicAddress(2), fields.topicAddress(3),
                fields.address(0), fields.uint(1), fields.uint(2)));
    }

    public List<PaymentProcessed> payments(TransactionReceipt receipt) {
        return ContractBinding.logs(receipt).stream().map(this::decode).flatMap(Optional::stream).toList();
    }

    private static Address address(String value) {
        return new Address(Hex.address(value));
    }
}
