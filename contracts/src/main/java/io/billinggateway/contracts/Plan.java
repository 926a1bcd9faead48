package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The plan an author signs (EIP-712 type {@code Plan}). Its hash on a given PlanManager is the plan's id there.
 *
 * @param author the signer; must hold AUTHOR_ROLE (an EOA or an ERC-1271 wallet)
 * @param merchant receives the net of every payment
 * @param token the ERC-20 the price is in, or {@link Hex#ZERO_ADDRESS} for the native coin
 * @param price per period, in the token's smallest unit
 * @param period length of one billing period, whole seconds
 * @param salt makes otherwise equal plans distinct
 * @param expiry the signature cannot be used after this instant
 * @param uri metadata of the plan (name, description, access rules)
 */
public record Plan(
        String author,
        String merchant,
        String token,
        BigInteger price,
        Duration period,
        BigInteger salt,
        Instant expiry,
        String uri) {

    public Plan {
        author = Hex.address(author);
        merchant = Hex.address(merchant);
        token = Hex.address(token);
        requireNonNull(price, "price is null");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        requireNonNull(period, "period is null");
        if (period.isNegative() || period.isZero() || period.getNano() != 0) {
            throw new IllegalArgumentException("period must be a positive number of whole seconds: " + period);
        }
        requireNonNull(salt, "salt is null");
        if (salt.signum() < 0) {
            throw new IllegalArgumentException("salt must not be negative: " + salt);
        }
        requireNonNull(expiry, "expiry is null");
        requireNonNull(uri, "uri is null");
    }

    DynamicStruct toAbi() {
        return new DynamicStruct(
                new Address(author),
                new Address(merchant),
                new Address(token),
                new Uint256(price),
                new Uint64(period.getSeconds()),
                new Uint256(salt),
                new Uint64(expiry.getEpochSecond()),
                new Utf8String(uri));
    }
}
