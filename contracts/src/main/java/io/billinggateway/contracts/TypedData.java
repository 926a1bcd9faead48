package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * EIP-712 typed data for plans and listings, hashed with web3j's {@link StructuredDataEncoder} so that the
 * Java side does not re-implement the encoding the contracts verify ({@code PlanManager.hashPlan},
 * {@code Marketplace.hashListing} must agree with it, which the tests check).
 */
public final class TypedData {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TypedData() {}

    /** The EIP-712 JSON document (as {@code eth_signTypedData_v4} takes it) of {@code plan} in {@code domain}. */
    public static String planJson(Eip712Domain domain, Plan plan) {
        requireNonNull(plan, "plan is null");
        ObjectNode root = document(domain, "Plan");
        ArrayNode type = ((ObjectNode) root.get("types")).putArray("Plan");
        field(type, "author", "address");
        field(type, "merchant", "address");
        field(type, "token", "address");
        field(type, "price", "uint256");
        field(type, "period", "uint64");
        field(type, "salt", "uint256");
        field(type, "expiry", "uint64");
        field(type, "uri", "string");
        ObjectNode message = root.putObject("message");
        message.put("author", plan.author());
        message.put("merchant", plan.merchant());
        message.put("token", plan.token());
        message.put("price", plan.price().toString());
        message.put("period", Long.toString(plan.period().getSeconds()));
        message.put("salt", plan.salt().toString());
        message.put("expiry", Long.toString(plan.expiry().getEpochSecond()));
        message.put("uri", plan.uri());
        return root.toString();
    }

    /** The EIP-712 JSON document of {@code listing} in {@code domain}. */
    public static String listingJson(Eip712Domain domain, Listing listing) {
        requireNonNull(listing, "listing is null");
        ObjectNode root = document(domain, "Listing");
        ArrayNode type = ((ObjectNode) root.get("types")).putArray("Listing");
        field(type, "seller", "address");
        field(type, "token", "address");
        field(type, "price", "uint256");
        field(type, "itemId", "bytes32");
        field(type, "salt", "uint256");
        field(type, "expiry", "uint64");
        field(type, "acceptedToken", "address");
        field(type, "minAcceptedAmount", "uint256");
        ObjectNode message = root.putObject("message");
        message.put("seller", listing.seller());
        message.put("token", listing.token());
        message.put("price", listing.price().toString());
        message.put("itemId", listing.itemId());
        message.put("salt", listing.salt().toString());
        message.put("expiry", Long.toString(listing.expiry().getEpochSecond()));
        message.put("acceptedToken", listing.acceptedToken());
        message.put("minAcceptedAmount", listing.minAcceptedAmount().toString());
        return root.toString();
    }

    /** The EIP-2612 {@code Permit} JSON document for a token whose EIP-712 domain is {@code tokenDomain}. */
    public static String permitJson(Eip712Domain tokenDomain, String owner, String spender, BigInteger value,
            BigInteger nonce, Instant deadline) {
        requireNonNull(value, "value is null");
        requireNonNull(nonce, "nonce is null");
        requireNonNull(deadline, "deadline is null");
        ObjectNode root = document(tokenDomain, "Permit");
        ArrayNode type = ((ObjectNode) root.get("types")).putArray("Permit");
        field(type, "owner", "address");
        field(type, "spender", "address");
        field(type, "value", "uint256");
        field(type, "nonce", "uint256");
        field(type, "deadline", "uint256");
        ObjectNode message = root.putObject("message");
        message.put("owner", Hex.address(owner));
        message.put("spender", Hex.address(spender));
        message.put("value", value.toString());
        message.put("nonce", nonce.toString());
        message.put("deadline", Long.toString(deadline.getEpochSecond()));
        return root.toString();
    }

    /** The digest an EIP-2612 permit's owner signs. */
    public static String hashPermit(Eip712Domain tokenDomain, String owner, String spender, BigInteger value,
            BigInteger nonce, Instant deadline) {
        return hash(permitJson(tokenDomain, owner, spender, value, nonce, deadline));
    }

    /** The digest a plan's author signs; also the plan's id (plan hash) on that PlanManager. */
    public static String hashPlan(Eip712Domain domain, Plan plan) {
        return hash(planJson(domain, plan));
    }

    /** The digest a listing's seller signs; also the listing's id on that Marketplace. */
    public static String hashListing(Eip712Domain domain, Listing listing) {
        return hash(listingJson(domain, listing));
    }

    /**
     * Signs a 32-byte EIP-712 digest.
     *
     * @return the 65-byte signature r ‖ s ‖ v (v = 27 or 28) as 0x-prefixed hex
     */
    public static String sign(String digest, ECKeyPair keyPair) {
        requireNonNull(keyPair, "keyPair is null");
        Sign.SignatureData signature = Sign.signMessage(Hex.toBytes(Hex.bytes32(digest)), keyPair, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return org.web3j.utils.Numeric.toHexString(bytes);
    }

    private static String hash(String json) {
        try {
            return Hex.bytes32(new StructuredDataEncoder(json).hashStructuredData());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode EIP-712 data", e);
        }
    }

    private static ObjectNode document(Eip712Domain domain, String primaryType) {
        requireNonNull(domain, "domain is null");
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        field(domainType, "name", "string");
        field(domainType, "version", "string");
        field(domainType, "chainId", "uint256");
        field(domainType, "verifyingContract", "address");
        root.put("primaryType", primaryType);
        ObjectNode domainNode = root.putObject("domain");
        domainNode.put("name", domain.name());
        domainNode.put("version", domain.version());
        domainNode.put("chainId", domain.chainId());
        domainNode.put("verifyingContract", domain.verifyingContract());
        return root;
    }

    private static void field(ArrayNode type, String name, String solidityType) {
        type.addObject().put("name", name).put("type", solidityType);
    }
}
