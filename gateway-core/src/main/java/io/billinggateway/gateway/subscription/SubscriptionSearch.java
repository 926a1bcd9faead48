package io.billinggateway.gateway.subscription;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * What staff look for among subscriptions; every criterion but {@code statuses} may be null (no restriction). The
 * next-charge range is from inclusive, to exclusive.
 *
 * @param statuses the statuses to include; empty for all
 * @param after where the previous page ended (the sort value and id of its last subscription); null for the first page
 */
public record SubscriptionSearch(Set<SubscriptionStatus> statuses, String network, UUID planId, String userId, Instant nextChargeFrom,
                                 Instant nextChargeTo, Sort sort, boolean descending, Position after, int limit) {
    public SubscriptionSearch {
        statuses = Set.copyOf(requireNonNull(statuses, "statuses is null"));
        requireNonNull(sort, "sort is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** The orders staff can list subscriptions in; each breaks ties by id. */
    public enum Sort {
        CREATED("created_at"),
        /** Lists only subscriptions that have a next charge. */
        NEXT_CHARGE("next_charge_at");

        private final String column;

        Sort(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }

        public Instant valueOf(Subscription subscription) {
            return this == CREATED ? subscription.createdAt() : subscription.nextChargeAt();
        }
    }

    /** The last subscription of a page: its sort value ({@link Sort#valueOf}) and id. */
    public record Position(Instant value, UUID id) {
        public Position {
            requireNonNull(value, "value is null");
            requireNonNull(id, "id is null");
        }
    }
}
