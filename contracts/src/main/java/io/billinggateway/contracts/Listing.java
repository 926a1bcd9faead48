package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * An off-chain listing a seller signs (EIP-712 type {@code Listing}) and a buyer submits to the Marketplace.
 *
 * @param seller the signer, who also receives the net payment
 * @param token what the price is in ({@link Hex#ZERO_ADDRESS} for the native coin)
 * @param price in the token's smallest unit
 * @param itemId what is sold, as the seller's off-chain system identifies it
 * @param salt makes otherwise equal listings distinct
 * @param expiry the listing cannot be bought after this instant
 */
public record Listing(String seller, String token, BigInteger price, String itemId, BigInteger salt, Instant expiry) {

    public Listing {
        seller = Hex.address(seller);
        token = Hex.address(token);
        requireNonNull(price, "price is null");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        itemId = Hex.bytes32(itemId);
        requireNonNull(salt, "salt is null");
        requireNonNull(expiry, "expiry is null");
    }

    StaticStruct toAbi() {
        return new StaticStruct(
                new Address(seller),
                new Address(token),
                new Uint256(price),
                new Bytes32(Hex.toBytes(itemId)),
                new Uint256(salt),
                new Uint64(expiry.getEpochSecond()));
    }
}
