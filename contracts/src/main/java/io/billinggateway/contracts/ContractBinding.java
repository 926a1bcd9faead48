package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes1;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What every binding shares: its address, its node, its ABI, and typed eth_call helpers. */
final class ContractBinding {
    private final String address;
    private final Web3j web3j;
    private final ContractAbi abi;

    ContractBinding(String contractName, String address, Web3j web3j) {
        this.address = Hex.address(address);
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.abi = ContractAbi.of(contractName);
    }

    String address() {
        return address;
    }

    Web3j web3j() {
        return web3j;
    }

    ContractAbi abi() {
        return abi;
    }

    ContractCall transaction(String function, Type<?>... parameters) {
        return new ContractCall(address, abi.encode(function, parameters));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Type> call(String function, List<TypeReference<? extends Type>> outputs, Type<?>... parameters) {
        return Rpc.call(web3j, address, abi.encode(function, parameters), (List) outputs);
    }

    BigInteger callUint(String function, Type<?>... parameters) {
        return (BigInteger) call(function, List.of(new TypeReference<Uint256>() {}), parameters).getFirst().getValue();
    }

    boolean callBool(String function, Type<?>... parameters) {
        return (Boolean) call(function, List.of(new TypeReference<Bool>() {}), parameters).getFirst().getValue();
    }

    String callAddress(String function, Type<?>... parameters) {
        return Hex.address((String) call(function, List.of(new TypeReference<Address>() {}), parameters).getFirst().getValue());
    }

    String callBytes32(String function, Type<?>... parameters) {
        return Hex.bytes32((byte[]) call(function, List.of(new TypeReference<Bytes32>() {}), parameters).getFirst().getValue());
    }

    String callString(String function, Type<?>... parameters) {
        return (String) call(function, List.of(new TypeReference<Utf8String>() {}), parameters).getFirst().getValue();
    }

    /** Reads the ERC-5267 {@code eip712Domain()} of the contract. */
    Eip712Domain eip712Domain() {
        List<Type> values = call("eip712Domain", List.of(
                new TypeReference<Bytes1>() {},
                new TypeReference<Utf8String>() {},
                new TypeReference<Utf8String>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Address>() {},
                new TypeReference<Bytes32>() {},
                new TypeReference<DynamicArray<Uint256>>() {}));
        return new Eip712Domain(
                (String) values.get(1).getValue(),
                (String) values.get(2).getValue(),
                ((BigInteger) values.get(3).getValue()).longValueExact(),
                (String) values.get(4).getValue());
    }

    /** Whether {@code log} was emitted by this contract with the event {@code eventName}. */
    boolean isEvent(Log log, String eventName) {
        return isFromThisContract(log) && !log.getTopics().isEmpty()
                && log.getTopics().getFirst().equalsIgnoreCase(abi.eventTopic(eventName));
    }

    boolean isFromThisContract(Log log) {
        return log.getAddress() != null && log.getAddress().toLowerCase(Locale.ROOT).equals(address);
    }

    static List<Log> logs(TransactionReceipt receipt) {
        return new ArrayList<>(requireNonNull(receipt, "receipt is null").getLogs());
    }

    static String deploy(TransactionSender sender, String contractName, Type<?>... arguments) {
        requireNonNull(sender, "sender is null");
        TransactionReceipt receipt = sender.deploy(ContractAbi.of(contractName).deployData(arguments));
        String deployed = receipt.getContractAddress();
        if (deployed == null) {
            throw new EvmRpcException("deploying " + contractName + " produced no contract address (transaction "
                    + receipt.getTransactionHash() + ")");
        }
        return Hex.address(deployed);
    }
}
