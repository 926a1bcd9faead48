package io.billinggateway.contracts;

import java.math.BigInteger;
import java.time.Instant;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;

/** Binding of any ERC-20 token, with the EIP-2612 permit where the token has one. */
public final class Erc20Token {
    private final ContractBinding contract;

    private Erc20Token(String address, Web3j web3j) {
        // TestToken's ABI is the full OpenZeppelin ERC20 + ERC20Permit interface.
        this.contract = new ContractBinding("TestToken", address, web3j);
    }

    public static Erc20Token at(String address, Web3j web3j) {
        return new Erc20Token(address, web3j);
    }

    public String address() {
        return contract.address();
    }

    public String name() {
        return contract.callString("name");
    }

    public String symbol() {
        return contract.callString("symbol");
    }

    public int decimals() {
        return contract.callUint("decimals").intValueExact();
    }

    public BigInteger balanceOf(String account) {
        return contract.callUint("balanceOf", new Address(Hex.address(account)));
    }

    public BigInteger allowance(String owner, String spender) {
        return contract.callUint("allowance", new Address(Hex.address(owner)), new Address(Hex.address(spender)));
    }

    /** The owner's next EIP-2612 nonce. */
    public BigInteger nonces(String owner) {
        return contract.callUint("nonces", new Address(Hex.address(owner)));
    }

    /** The token's EIP-712 domain (ERC-5267), which its permits are signed in. */
    public Eip712Domain domain() {
        return contract.eip712Domain();
    }

    /** The permit JSON for {@code eth_signTypedData_v4}, with the owner's current nonce. */
    public String permitJson(String owner, String spender, BigInteger value, Instant deadline) {
        return TypedData.permitJson(domain(), owner, spender, value, nonces(owner), deadline);
    }

    /** The digest of the same permit, for signing with a local key. */
    public String permitDigest(String owner, String spender, BigInteger value, Instant deadline) {
        return TypedData.hashPermit(domain(), owner, spender, value, nonces(owner), deadline);
    }

    public ContractCall approve(String spender, BigInteger amount) {
        return contract.transaction("approve", new Address(Hex.address(spender)), new Uint256(amount));
    }

    /** Submits an EIP-2612 permit directly (anyone may; the SubscriptionManager tolerates a front-run one). */
    public ContractCall permit(String owner, String spender, PermitSignature permit) {
        return contract.transaction("permit", new Address(Hex.address(owner)), new Address(Hex.address(spender)),
                new Uint256(permit.value()), new Uint256(permit.deadline().getEpochSecond()), new Uint8(permit.v()),
                new Bytes32(Hex.toBytes(permit.r())), new Bytes32(Hex.toBytes(permit.s())));
    }

    public ContractCall transfer(String to, BigInteger amount) {
        return contract.transaction("transfer", new Address(Hex.address(to)), new Uint256(amount));
    }
}
