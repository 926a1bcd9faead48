package io.billinggateway.provider.solana.confirmation;

import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/** What one transaction that mentions a checkout's reference means for that checkout. */
public sealed interface TransferVerdict {
    /** The transaction paid exactly what was asked, in the asset asked, to the recipient. */
    record Paid(BigInteger amount) implements TransferVerdict {
        public Paid {
            requireNonNull(amount, "amount is null");
        }
    }

    /** The transaction is a payment attempt for the checkout that moved the wrong thing: wrong amount, token or recipient. */
    record Rejected(String reason) implements TransferVerdict {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }

    /** The transaction says nothing about the checkout (it failed on chain, so it moved nothing but its fee). */
    record Irrelevant(String why) implements TransferVerdict {
        public Irrelevant {
            requireNonNull(why, "why is null");
        }
    }
}
