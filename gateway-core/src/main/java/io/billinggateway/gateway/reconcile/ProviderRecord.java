package io.billinggateway.gateway.reconcile;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.PollEventsRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider recorded since a point in time, read with {@code recordedEvents} (SPI 1.4) from the provider's beginning (not from the
 * gateway's stored cursor: the point is to see what the cursor may have skipped), indexed the way the ledger is looked up.
 */
final class ProviderRecord {
    static final int PAGE_SIZE = 500;
    /** Bounds one run's memory and time; a network with more history is reconciled with a later {@code since}. */
    static final int MAX_EVENTS = 200_000;

    /** Paid checkouts by the checkout's provider reference. */
    final Map<String, BillingEvent.PaymentConfirmed> paidCheckouts = new LinkedHashMap<>();
    /** Activated subscriptions by the checkout's provider reference. */
    final Map<String, BillingEvent.SubscriptionActivated> activations = new LinkedHashMap<>();
    /** Charged renewals by transaction reference. */
    final Map<String, BillingEvent.SubscriptionCharged> renewals = new LinkedHashMap<>();
    /** Cancelled subscriptions by the provider's subscription reference. */
    final Map<String, BillingEvent.SubscriptionCancelled> cancellations = new LinkedHashMap<>();
    /** The latest next charge time the provider stated, by the provider's subscription reference. */
    final Map<String, Instant> nextCharges = new LinkedHashMap<>();
    /** Every transaction reference the provider knows a payment by (checkouts and renewals). */
    final List<String> transactionRefs = new ArrayList<>();
    int events;

    /**
     * @throws BillingException {@link ErrorCode#UNSUPPORTED} when the provider cannot list what it recorded
     */
    static ProviderRecord read(BillingProvider provider, Instant since) {
        ProviderRecord record = new ProviderRecord();
        Optional<String> cursor = Optional.empty();
        int read = 0;
        while (true) {
            EventPage page = provider.recordedEvents(new PollEventsRequest(cursor, PAGE_SIZE));
            page.events().stream().filter(event -> !event.occurredAt().isBefore(since)).forEach(record::add);
            read += page.events().size();
            if (page.caughtUp() || page.events().isEmpty() || cursor.equals(Optional.of(page.nextCursor()))) {
                return record;
            }
            if (read >= MAX_EVENTS) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "the provider has more than " + MAX_EVENTS
                        + " records to compare; reconcile with a later since");
            }
            cursor = Optional.of(page.nextCursor());
        }
    }

    private void add(BillingEvent event) {
        events++;
        switch (event) {
            case BillingEvent.PaymentConfirmed paid -> {
                paidCheckouts.put(paid.providerReference(), paid);
                transactionRefs.add(paid.transactionRef());
            }
            case BillingEvent.SubscriptionActivated activated -> {
                activations.put(activated.providerReference(), activated);
                activated.nextChargeAt().ifPresent(at -> nextCharges.put(activated.subscriptionRef(), at));
            }
            case BillingEvent.SubscriptionCharged charged -> {
                renewals.put(charged.transactionRef(), charged);
                transactionRefs.add(charged.transactionRef());
                charged.nextChargeAt().ifPresent(at -> nextCharges.put(charged.subscriptionRef(), at));
            }
            case BillingEvent.SubscriptionCancelled cancelled -> cancellations.put(cancelled.subscriptionRef(), cancelled);
            default -> {
                // failures, refunds, skips and plan changes are not compared yet (see docs/operations.md)
            }
        }
    }
}
