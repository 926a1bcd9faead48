package io.billinggateway.contracts;

import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;

/** Binding of {@code TestToken}: an ERC-20 with EIP-2612 permit that anyone can mint. Never for real value. */
public final class TestToken {
    private final ContractBinding contract;

    private TestToken(String address, Web3j web3j) {
        this.contract = new ContractBinding("TestToken", address, web3j);
    }

    public static TestToken at(String address, Web3j web3j) {
        return new TestToken(address, web3j);
    }

    public static TestToken deploy(TransactionSender sender, Web3j web3j, String name, String symbol) {
        return at(ContractBinding.deploy(sender, "TestToken", new Utf8String(name), new Utf8String(symbol)), web3j);
    }

    public String address() {
        return contract.address();
    }

    public String typeAndVersion() {
        return contract.callString("typeAndVersion");
    }

    /** The token as a plain ERC-20 (balances, allowances, permits). */
    public Erc20Token erc20() {
        return Erc20Token.at(contract.address(), contract.web3j());
    }

    public ContractCall mint(String to, java.math.BigInteger amount) {
        return contract.transaction("mint", new Address(Hex.address(to)), new Uint256(amount));
    }
}
