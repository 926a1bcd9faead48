package io.billinggateway.contracts;

import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/** The roles kept by the CoreSystem. Each role's on-chain id is {@code keccak256("<NAME>_ROLE")}. */
public enum Role {
    /** Registers modules and services in the CoreSystem. */
    FEATURE_OWNER,
    /** Signs and publishes plans. */
    AUTHOR,
    /** Changes plan statuses and force-cancels subscriptions. */
    OPERATOR,
    /** The charge worker: the only account that charges subscriptions and marks failed charges. */
    AUTOMATION,
    /** Sets global parameters: active-plan limit, batch limit, retry policy, fees, tokens, rates. */
    GOVERNOR,
    /** Contracts allowed to move a payer's funds through the PaymentGateway. */
    PAYMENT_MODULE;

    private final String id = Hex.bytes32(Hash.sha3((name() + "_ROLE").getBytes(StandardCharsets.UTF_8)));

    /** The role's 32-byte identifier as the contracts know it. */
    public String id() {
        return id;
    }
}
