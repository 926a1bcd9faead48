package io.billinggateway.spi;

import java.math.BigInteger;
import java.time.Instant;
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
     * same {@code transactionRef} and the same {@code nextChargeAt}.
     *
     * @param fee what the protocol or PSP kept, in the same asset (zero when none)
     * @param gasUsed gas attributed to this item, on chains
     * @param nextChargeAt when the provider will next accept a charge of this subscription, by its own clock (a
     *                     chain's block time, a PSP's schedule). The gateway stores it as the subscription's next
     *                     charge and never replaces it by a guess of its own. A provider that keeps a schedule
     *                     follows the gateway's renewal policy, {@link RenewalSchedule#nextChargeAt}; one that keeps
     *                     none reports empty, and the gateway applies that policy itself.
     * @since 1.1
     */
    record Charged(String subscriptionRef, String transactionRef, Money amount, Money fee, Optional<BigInteger> gasUsed,
                   Optional<Instant> nextChargeAt) implements ChargeOutcome {
        public Charged {
            requireText(subscriptionRef, "subscriptionRef");
            requireText(transactionRef, "transactionRef");
            requireNonNull(amount, "amount is null");
            requireNonNull(fee, "fee is null");
            requireNonNull(gasUsed, "gasUsed is null");
            requireNonNull(nextChargeAt, "nextChargeAt is null");
        }

        /**
         * A charge of a provider that keeps no schedule of its own (SPI 1.0's constructor, kept so that plugins built
         * against 1.0 still link): the gateway applies its renewal policy.
         */
        public Charged(String subscriptionRef, String transactionRef, Money amount, Money fee, Optional<BigInteger> gasUsed) {
            this(subscriptionRef, transactionRef, amount, fee, gasUsed, Optional.empty());
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
