package io.billinggateway.gateway.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * What staff look for in the ledger; every criterion but {@code statuses} may be null (no restriction). Date ranges are
 * from inclusive, to exclusive; amount ranges inclusive on both ends.
 *
 * @param statuses the statuses to include; empty for all
 * @param after where the previous page ended (the sort value and id of its last entry); null for the first page
 */
public record PaymentSearch(Set<LedgerStatus> statuses, String network, String providerId, String token, UUID planId, String userId,
                            Instant createdFrom, Instant createdTo, Instant confirmedFrom, Instant confirmedTo,
                            BigInteger amountMin, BigInteger amountMax, Sort sort, boolean descending, Position after, int limit) {
    public PaymentSearch {
        statuses = Set.copyOf(requireNonNull(statuses, "statuses is null"));
        requireNonNull(sort, "sort is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** The orders staff can list payments in; each breaks ties by id. */
    public enum Sort {
        CREATED("created_at"),
        /** Lists only payments that have a confirmation time. */
        CONFIRMED("confirmed_at"),
        AMOUNT("amount");

        private final String column;

        Sort(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }

        /** The value of this sort's column in {@code entry}: an {@link Instant} or, for {@link #AMOUNT}, a {@link BigInteger}. */
        public Object valueOf(LedgerEntry entry) {
            return switch (this) {
                case CREATED -> entry.createdAt();
                case CONFIRMED -> entry.confirmedAt();
                case AMOUNT -> entry.amount();
            };
        }
    }

    /** The last entry of a page: its sort value ({@link Sort#valueOf}) and id. */
    public record Position(Object value, UUID id) {
        public Position {
            requireNonNull(value, "value is null");
            requireNonNull(id, "id is null");
        }
    }
}
