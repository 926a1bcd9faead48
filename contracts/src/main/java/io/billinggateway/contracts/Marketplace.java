package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Binding of {@code Marketplace}: EIP-712 signed off-chain {@link Listing}s bought on-chain through the gateway.
 * A listing sells once and can be revoked by its seller before that.
 */
public final class Marketplace {
    private final ContractBinding contract;

    private Marketplace(String address, Web3j web3j) {
        this.contract = new ContractBinding("Marketplace", address, web3j);
    }

    public static Marketplace at(String address, Web3j web3j) {
        return new Marketplace(address, web3j);
    }

    public static Marketplace deploy(TransactionSender sender, Web3j web3j, String core, String instanceId) {
        return at(ContractBinding.deploy(sender, "Marketplace",
                new Address(Hex.address(core)), new Bytes32(Hex.toBytes(Hex.bytes32(instanceId)))), web3j);
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

    /** The signing domain, read from the contract (ERC-5267). */
    public Eip712Domain domain() {
        return contract.eip712Domain();
    }

    /** The listing's hash as the contract computes it; equals {@code TypedData.hashListing(domain(), listing)}. */
    public String hashListing(Listing listing) {
        return contract.callBytes32("hashListing", requireNonNull(listing, "listing is null").toAbi());
    }

    public boolean isConsumed(String listingHash) {
        return contract.callBool("isConsumed", bytes32(listingHash));
    }

    public boolean isRevoked(String listingHash) {
        return contract.callBool("isRevoked", bytes32(listingHash));
    }

    /**
     * Buys {@code listing}, paying in {@code paymentToken} at most {@code maxAmount}. For ERC-20 payments the buyer
     * approves the gateway; for the native coin pass the amount due as {@code nativeValue} (else zero).
     */
    public ContractCall buy(Listing listing, String signature, String paymentToken, BigInteger maxAmount, BigInteger nativeValue) {
        return contract.transaction("buy",
                requireNonNull(listing, "listing is null").toAbi(),
                new DynamicBytes(Hex.toBytes(requireNonNull(signature, "signature is null"))),
                new Address(Hex.address(paymentToken)),
                new Uint256(maxAmount)).withValue(nativeValue);
    }

    /** Only the listing's seller may send it. */
    public ContractCall revokeListing(Listing listing) {
        return contract.transaction("revokeListing", requireNonNull(listing, "listing is null").toAbi());
    }

    /** @return the Marketplace event in {@code log}, if it is one of this contract's */
    public Optional<MarketplaceEvent> decode(Log log) {
        if (contract.isEvent(log, "ListingPurchased")) {
            LogFields fields = LogFields.of(log, new TypeReference<Bytes32>() {}, new TypeReference<Address>() {},
                    new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {});
            return Optional.of(new MarketplaceEvent.Purchased(EventLocation.of(log), fields.topic(1), fields.topicAddress(2),
                    fields.topicAddress(3), fields.bytes32(0), fields.address(1), fields.uint(2), fields.uint(3)));
        }
        if (contract.isEvent(log, "ListingRevoked")) {
            LogFields fields = LogFields.of(log);
            return Optional.of(new MarketplaceEvent.Revoked(EventLocation.of(log), fields.topic(1), fields.topicAddress(2)));
        }
        return Optional.empty();
    }

    public List<MarketplaceEvent> events(TransactionReceipt receipt) {
        return ContractBinding.logs(receipt).stream().map(this::decode).flatMap(Optional::stream).toList();
    }

    private static Bytes32 bytes32(String value) {
        return new Bytes32(Hex.toBytes(Hex.bytes32(value)));
    }
}
