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
 * @param acceptedToken a second token the seller accepts, converted at the gateway's current rate; only when
 *     {@code minAcceptedAmount} is positive
 * @param minAcceptedAmount the least a buyer pays in {@code acceptedToken} (before the protocol fee); zero when only
 *     {@code token} is accepted
 */
public record Listing(String seller, String token, BigInteger price, String itemId, BigInteger salt, Instant expiry,
        String acceptedToken, BigInteger minAcceptedAmount) {

    /** A listing paid in its own token only. */
    public Listing(String seller, String token, BigInteger price, String itemId, BigInteger salt, Instant expiry) {
        this(seller, token, price, itemId, salt, expiry, Hex.ZERO_ADDRESS, BigInteger.ZERO);
    }

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
        acceptedToken = Hex.address(acceptedToken);
        requireNonNull(minAcceptedAmount, "minAcceptedAmount is null");
        if (minAcceptedAmount.signum() < 0) {
            throw new IllegalArgumentException("minAcceptedAmount must not be negative: " + minAcceptedAmount);
        }
    }

    /** Whether a buyer may pay in {@code paymentToken}. */
    public boolean accepts(String paymentToken) {
        String token = Hex.address(paymentToken);
        return token.equals(this.token) || (minAcceptedAmount.signum() > 0 && token.equals(acceptedToken));
    }

    StaticStruct toAbi() {
        return new StaticStruct(
                new Address(seller),
                new Address(token),
                new Uint256(price),
                new Bytes32(Hex.toBytes(itemId)),
                new Uint256(salt),
                new Uint64(expiry.getEpochSecond()),
                new Address(acceptedToken),
                new Uint256(minAcceptedAmount));
    }
}
