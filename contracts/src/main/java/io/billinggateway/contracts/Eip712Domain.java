package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

/**
 * The EIP-712 domain of a signing contract. It binds a signature to one chain and one contract.
 *
 * @param name the contract's signing-domain name ({@code BillingPlanManager}, {@code BillingMarketplace})
 * @param version the signing-domain version
 * @param chainId the chain's numeric id
 * @param verifyingContract the contract's address
 */
public record Eip712Domain(String name, String version, long chainId, String verifyingContract) {

    public Eip712Domain {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive: " + chainId);
        }
        verifyingContract = Hex.address(verifyingContract);
    }

    /** The PlanManager's domain at {@code planManager} on chain {@code chainId}. */
    public static Eip712Domain planManager(long chainId, String planManager) {
        return new Eip712Domain("BillingPlanManager", "1", chainId, planManager);
    }

    /** The Marketplace's domain at {@code marketplace} on chain {@code chainId}. */
    public static Eip712Domain marketplace(long chainId, String marketplace) {
        return new Eip712Domain("BillingMarketplace", "1", chainId, marketplace);
    }
}
