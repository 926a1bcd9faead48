package io.billinggateway.gateway.reconcile;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.BillingEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Compares one network's provider record with the ledger and the subscriptions, and with {@code fix} applies the
 * provider's record through {@link Payments} and {@link Subscriptions} with a {@link Cause.Kind#RECONCILIATION} cause,
 * each fix in its own transaction. Differences it cannot decide (money we booked that the provider does not know, a
 * payment for a checkout we have no row of) are reported with the action {@code review} and never changed.
 */
@Singleton
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ProviderRouter router;
    private final Database database;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptionReads;
    private final Payments payments;
    private final Subscriptions subscriptions;

    Reconciler(ProviderRouter router, Database database, LedgerRepository ledger, SubscriptionRepository subscriptionReads, Payments payments,
               Subscriptions subscriptions) {
        this.router = requireNonNull(router, "router is null");
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptionReads = requireNonNull(subscriptionReads, "subscriptionReads is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
    }

    /** A difference and the transition that fixes it, null for {@code review}. */
    private record Finding(Difference difference, BooleanSupplier fix) {
    }

    /**
     * @param actor who asked, recorded as the transitions' actor ({@link Cause#SYSTEM} for the command line)
     * @throws io.billinggateway.router.NetworkNotFoundException for an unknown network
     * @throws io.billinggateway.spi.BillingException {@code UNSUPPORTED} when the provider cannot list its records
     */
    public ReconcileReport reconcile(String network, Instant since, boolean fix, String actor) {
        ProviderRecord record = ProviderRecord.read(router.resolve(network).provider(), since);
        // The provider is read first, outside any transaction; the comparison is one read-only transaction.
        List<Finding> findings = database.inTransaction(connection -> {
            List<Finding> found = new ArrayList<>();
            comparePayments(network, record, found, actor);
            compareRenewals(network, record, found, actor);
            compareSubscriptions(network, record, found, actor);
            compareLedger(network, since, record, found);
            return found;
        });
        List<Difference> differences = new ArrayList<>();
        for (Finding finding : findings) {
            boolean fixed = fix && finding.fix() != null && database.inTransaction(connection -> finding.fix().getAsBoolean());
            differences.add(fixed ? finding.difference().markFixed() : finding.difference());
        }
        ReconcileReport report = ReconcileReport.of(network, since, fix, record.events, differences);
        LOG.info("reconciled: network={} since={} fix={} provider_events={} differences={} remaining={}", network, since, fix, record.events,
                differences.size(), report.remaining());
        return report;
    }

    private void comparePayments(String network, ProviderRecord record, List<Finding> findings, String actor) {
        record.paidCheckouts.forEach((reference, paid) -> {
            Optional<LedgerEntry> found = ledger.findByReference(network, reference);
            String theirs = "paid " + paid.amount() + " by " + paid.transactionRef() + " at " + paid.occurredAt();
            if (found.isEmpty()) {
                findings.add(new Finding(Difference.of(Difference.Kind.PAYMENT_MISSING, reference, "missing", theirs, Difference.Action.REVIEW), null));
                return;
            }
            LedgerEntry entry = found.get();
            if (entry.status() != LedgerStatus.PENDING && entry.status() != LedgerStatus.FAILED) {
                return;
            }
            boolean sameAmount = entry.token().equals(paid.amount().asset()) && entry.amount().equals(paid.amount().minorUnits());
            Difference difference = Difference.of(Difference.Kind.PAYMENT_UNCONFIRMED, entry.id(), entry.status().value(), theirs,
                    sameAmount ? Difference.Action.CONFIRM : Difference.Action.REVIEW);
            findings.add(new Finding(difference, !sameAmount ? null : () -> payments.confirm(entry, paid.transactionRef(), paid.occurredAt(),
                    Cause.reconciliation(actor, "the provider has it paid by " + paid.transactionRef()))));
        });
    }

    private void compareRenewals(String network, ProviderRecord record, List<Finding> findings, String actor) {
        record.renewals.forEach((transactionRef, charged) -> {
            if (ledger.findByTransaction(network, transactionRef).isPresent()) {
                return;
            }
            Optional<Subscription> subscription = subscriptionReads.findByProviderRef(network, charged.subscriptionRef());
            String theirs = "charged " + charged.amount() + " by " + transactionRef + " at " + charged.occurredAt();
            findings.add(new Finding(Difference.of(Difference.Kind.RENEWAL_MISSING, subscription.map(Subscription::id).map(Object::toString)
                    .orElse(charged.subscriptionRef()), "missing", theirs, subscription.isPresent() ? Difference.Action.RENEW : Difference.Action.REVIEW),
                    subscription.<BooleanSupplier>map(found -> () -> subscriptions.renew(found, transactionRef, charged.amount().minorUnits(),
                            charged.occurredAt(), charged.nextChargeAt().orElse(null), Cause.reconciliation(actor, "the provider charged " + transactionRef)))
                            .orElse(null)));
        });
    }

    private void compareSubscriptions(String network, ProviderRecord record, List<Finding> findings, String actor) {
        record.activations.forEach((reference, activated) -> {
            ledger.findByReference(network, reference)
                    .flatMap(entry -> entry.subscriptionId() == null ? Optional.empty() : subscriptionReads.find(entry.subscriptionId()))
                    .filter(subscription -> subscription.status() == SubscriptionStatus.PENDING)
                    .ifPresent(subscription -> {
                        Instant nextChargeAt = activated.nextChargeAt()
                                .orElseGet(() -> subscription.billingPeriod().nextChargeAt(activated.occurredAt(), activated.occurredAt()));
                        findings.add(new Finding(Difference.of(Difference.Kind.SUBSCRIPTION_STATUS, subscription.id(), subscription.status().value(),
                                "active as " + activated.subscriptionRef() + " since " + activated.occurredAt(), Difference.Action.ACTIVATE),
                                () -> subscriptions.activate(subscription, activated.subscriptionRef(), activated.occurredAt(), nextChargeAt,
                                        Cause.reconciliation(actor, "the provider activated it"))));
                    });
        });
        record.cancellations.forEach((subscriptionRef, cancelled) -> subscriptionReads.findByProviderRef(network, subscriptionRef)
                .filter(subscription -> !subscription.status().ended())
                .ifPresent(subscription -> findings.add(new Finding(Difference.of(Difference.Kind.SUBSCRIPTION_STATUS, subscription.id(),
                        subscription.status().value(), "cancelled at " + cancelled.occurredAt(), Difference.Action.CANCEL),
                        () -> subscriptions.end(subscription, SubscriptionStatus.CANCELLED, null,
                                Cause.reconciliation(actor, "the provider cancelled it"))))));
        for (Map.Entry<String, Instant> next : record.nextCharges.entrySet()) {
            subscriptionReads.findByProviderRef(network, next.getKey())
                    .filter(subscription -> subscription.status() == SubscriptionStatus.ACTIVE || subscription.status() == SubscriptionStatus.PAST_DUE)
                    .filter(subscription -> !next.getValue().equals(subscription.nextChargeAt()))
                    .ifPresent(subscription -> findings.add(new Finding(Difference.of(Difference.Kind.NEXT_CHARGE, subscription.id(),
                            String.valueOf(subscription.nextChargeAt()), next.getValue().toString(), Difference.Action.FOLLOW_NEXT_CHARGE),
                            () -> subscriptions.followNextCharge(subscription.id(), next.getValue()))));
        }
    }

    /** Confirmed payments since {@code since} whose reference (checkouts) or transaction (renewals) the provider does not have. */
    private void compareLedger(String network, Instant since, ProviderRecord record, List<Finding> findings) {
        Set<String> knownTransactions = new HashSet<>(record.transactionRefs);
        List<LedgerEntry> confirmed = database.query("SELECT * FROM payment_transactions WHERE network = ? AND status = ? AND created_at >= ? ORDER BY created_at, id",
                LedgerRepository::entry, network, LedgerStatus.CONFIRMED.value(), since);
        for (LedgerEntry entry : confirmed) {
            boolean renewal = LedgerEntry.SUBSCRIPTION_RENEWAL.equals(entry.productType());
            boolean known = renewal ? knownTransactions.contains(entry.txHash())
                    : record.paidCheckouts.containsKey(entry.providerReference()) || record.activations.containsKey(entry.providerReference())
                    || (entry.txHash() != null && knownTransactions.contains(entry.txHash()));
            if (!known) {
                findings.add(new Finding(Difference.of(renewal ? Difference.Kind.RENEWAL_UNKNOWN_TO_PROVIDER : Difference.Kind.PAYMENT_UNKNOWN_TO_PROVIDER,
                        entry.id(), "confirmed" + (entry.txHash() == null ? "" : " by " + entry.txHash()), "unknown", Difference.Action.REVIEW), null));
            }
        }
    }
}
