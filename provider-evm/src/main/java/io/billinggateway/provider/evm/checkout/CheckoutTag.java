package io.billinggateway.provider.evm.checkout;

import io.billinggateway.contracts.Hex;
import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Ties an on-chain subscription to the checkout that asked for it. {@code SubscriptionManager.subscribe(planHash)}
 * emits {@code SubscriptionActivated(id, planHash, subscriber, ...)} but nothing of the checkout, and one wallet
 * may subscribe to one plan again after cancelling, so subscriber and plan do not identify a checkout. The
 * checkout's wallet payload therefore carries a 36-byte tag after the ABI-encoded arguments: a 4-byte marker and
 * the 32-byte checkout reference. The ABI decoder ignores trailing calldata, so the contract sees a plain
 * {@code subscribe}; when the activation's log is read, the transaction's input is searched for the marker (also
 * inside a smart wallet's {@code execute} call, which embeds the calldata unchanged).
 */
public final class CheckoutTag {
    /** The first 4 bytes of {@code keccak256("billing-gateway/checkout-tag")}, hex without 0x. */
    static final String MARKER = Hash.sha3String("billing-gateway/checkout-tag").substring(2, 10);
    private static final int REFERENCE_HEX_LENGTH = 64;

    private CheckoutTag() {
    }

    /**
     * The checkout's reference: {@code keccak256} of the chain, the SubscriptionManager and the gateway's checkout id,
     * so it is the same for a repeated checkout id and differs between networks.
     */
    public static String reference(long chainId, String subscriptionManager, String checkoutId) {
        requireNonNull(checkoutId, "checkoutId is null");
        return Hex.bytes32(Hash.sha3(("billing-gateway/checkout\n" + chainId + "\n" + Hex.address(subscriptionManager) + "\n" + checkoutId)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code data} with the tag of {@code reference} appended. */
    public static String append(String data, String reference) {
        requireNonNull(data, "data is null");
        return data + MARKER + Hex.bytes32(reference).substring(2);
    }

    /** Every checkout reference tagged in a transaction's input, in order of appearance. */
    public static List<String> find(String input) {
        List<String> references = new ArrayList<>();
        if (input == null) {
            return references;
        }
        String hex = input.toLowerCase(Locale.ROOT);
        int from = hex.startsWith("0x") ? 2 : 0;
        int at = hex.indexOf(MARKER, from);
        while (at >= 0) {
            int start = at + MARKER.length();
            if ((at - from) % 2 == 0 && start + REFERENCE_HEX_LENGTH <= hex.length()) {
                references.add("0x" + hex.substring(start, start + REFERENCE_HEX_LENGTH));
                at = hex.indexOf(MARKER, start + REFERENCE_HEX_LENGTH);
            }
            else {
                at = hex.indexOf(MARKER, at + 1);
            }
        }
        return references;
    }
}
