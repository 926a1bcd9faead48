package io.billinggateway.spi;

import java.math.BigInteger;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * The fate of one {@link ChargeItem}. A provider reports exactly one outcome per item and never guesses:
 * when it cannot know whether money moved (a transaction sent but not yet mined, a PSP call that timed
 * out after sending), the outcome is {@link Pending}.
 */
public sealed interface ChargeOutcome {
    String subscriptionRef();

    /**
     * Money moved for this period. Reporting {@code Charged} again for the same period must carry the
     * same {@code transactionRef}.
     *
     * @param fee what the protocol or PSP kept, in the same asset (zero when none)
     * @param gasUsed gas attributed to this item, on chains
     */
    record Charged(String subscriptionRef, String transactionRef, Money amount, Money fee, Optional<BigInteger> gasUsed)
            implements ChargeOutcome {
        public Charged {
            requireText(subscriptionRef, "subscriptionRef");
            requireText(transactionRef, "transactionRef");
            requireNonNull(amount, "amount is null");
            requireNonNull(fee, "fee is null");
            requireNonNull(gasUsed, "gasUsed is null");
        }
    }

    /** Nothing moved and nothing failed; see {@link SkipReason}. */
    record Skipped(String subscriptionRef, SkipReason reason, String detail) implements ChargeOutcome {
        public Skipped {
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(reason, "reason is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** Nothing moved. {@code code.retryable()} says whether charging the same period later may succeed. */
    record Failed(String subscriptionRef, ErrorCode code, String message) implements ChargeOutcome {
        public Failed {
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(code, "code is null");
            requireText(message, "message");
        }

        public boolean retryable() {
            return code.retryable();
        }
    }

    /** Submitted; the final fate arrives later as an event or on a later charge of the same period. */
    record Pending(String subscriptionRef, String transactionRef) implements ChargeOutcome {
        public Pending {
            requireText(subscriptionRef, "subscriptionRef");
            requireText(transactionRef, "transactionRef");
        }
    }
}
