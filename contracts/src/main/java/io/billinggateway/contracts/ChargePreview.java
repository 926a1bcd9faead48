package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What {@code charge} would do now: for dry runs and for deciding whether to mark a failed charge.
 *
 * @param skipReason empty when the charge would go through
 * @param amountDue what would be charged after discounts (zero when not yet known)
 */
public record ChargePreview(Optional<SkipReason> skipReason, BigInteger amountDue) {

    public ChargePreview {
        requireNonNull(skipReason, "skipReason is null");
        requireNonNull(amountDue, "amountDue is null");
    }

    public boolean chargeable() {
        return skipReason.isEmpty();
    }
}
