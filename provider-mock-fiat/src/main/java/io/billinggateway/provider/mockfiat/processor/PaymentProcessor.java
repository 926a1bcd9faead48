package io.billinggateway.provider.mockfiat.processor;

import io.billinggateway.provider.mockfiat.card.CardAuthorization;
import io.billinggateway.provider.mockfiat.card.PresentedCard;
import io.billinggateway.provider.mockfiat.card.TestCard;
import io.billinggateway.provider.mockfiat.ledger.CheckoutSession;
import io.billinggateway.provider.mockfiat.ledger.Ledger;
import io.billinggateway.provider.mockfiat.ledger.LedgerTransaction;
import io.billinggateway.provider.mockfiat.ledger.OutboxMessage;
import io.billinggateway.provider.mockfiat.ledger.Payment;
import io.billinggateway.provider.mockfiat.ledger.PeriodCharge;
import io.billinggateway.provider.mockfiat.ledger.Price;
import io.billinggateway.provider.mockfiat.ledger.RefundEntry;
import io.billinggateway.provider.mockfiat.ledger.SavedCard;
import io.billinggateway.provider.mockfiat.ledger.SessionOutcome;
import io.billinggateway.provider.mockfiat.ledger.Subscription;
import io.billinggateway.provider.mockfiat.webhook.WebhookEvent;
import io.billinggateway.provider.mockfiat.webhook.WebhookEvents;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.SkipReason;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The mock PSP's rules: what a price, a checkout, a card payment, a renewal, a refund and a cancellation do to
 * the {@link Ledger}, and which webhooks they owe. Every operation is one ledger transaction, so concurrent
 * callers see each operation whole and a repeated idempotency key finds what the first call did.
 *
 * <p>Failures the caller must fix are thrown as {@link BillingException}; a card's decline is not a failure of
 * the operation but its recorded outcome.
 */
public final class PaymentProcessor {
    private static final BigInteger NOTHING = BigInteger.ZERO;
    /**
     * Declined cards one session accepts before it fails finally, as a real PSP stops card testing on one session. Until
     * then a decline leaves the session open for another card and tells the merchant nothing: {@code payment.failed}
     * is final for the merchant (its ledger entry fails), and the payer has not given up.
     */
    public static final int MAX_DECLINED_ATTEMPTS = 5;

    private final Ledger ledger;
    private final Consumer<List<OutboxMessage>> webhookDelivery;
    private final Clock clock;
    private final Identifiers identifiers;
    private final ProcessorSettings settings;

    /**
     * @param webhookDelivery receives the webhooks each operation queued, after they are durable
     */
    public PaymentProcessor(Ledger ledger, Consumer<List<OutboxMessage>> webhookDelivery, Clock clock, Identifiers identifiers, ProcessorSettings settings) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.webhookDelivery = requireNonNull(webhookDelivery, "webhookDelivery is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.identifiers = requireNonNull(identifiers, "identifiers is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Creates the price of a plan version, or finds the one created before. */
    public Price registerPrice(PlanDefinition plan) {
        requireNonNull(plan, "plan is null");
        requireCurrency(plan.price(), "plan '" + plan.planId() + "'");
        return transact(transaction -> {
            Optional<Price> existing = transaction.findByAlternateKey(Price.class, Price.keyOf(plan.planId(), plan.version()));
            if (existing.isPresent()) {
                Price price = existing.get();
                if (!price.unitAmount().equals(plan.price().minorUnits()) || !price.interval().equals(plan.billingPeriod())
                        || !price.calendarInterval().equals(plan.calendarPeriod())) {
                    throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.planId() + "' version " + plan.version()
                            + " is already registered as " + price.id() + " with other terms ("
                            + describeTerms(price.unitPrice(), price.interval().map(Object::toString).or(() -> price.calendarInterval().map(Object::toString)))
                            + ", now " + describeTerms(plan.price(), plan.billingPeriod().map(Object::toString).or(() -> plan.calendarPeriod().map(Object::toString)))
                            + "); new terms need a new plan version");
                }
                return price;
            }
            Price price = new Price(identifiers.next("price"), plan.planId(), plan.version(), plan.name(), plan.price().minorUnits(),
                    plan.price().asset(), plan.billingPeriod(), PlanStatus.ACTIVE, now(), plan.calendarPeriod());
            transaction.put(price);
            return price;
        });
    }

    /**
     * Moves a price to another status; asking for the current status changes nothing.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} for an unknown price
     */
    public Price changePriceStatus(String priceId, PlanStatus target) {
        requireNonNull(priceId, "priceId is null");
        requireNonNull(target, "target is null");
        return transact(transaction -> {
            Price price = transaction.find(Price.class, priceId)
                    .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no price '" + priceId + "' is registered on network '" + settings.network() + "'"));
            if (price.status() == target) {
                return price;
            }
            Price changed = price.withStatus(target);
            transaction.put(changed);
            queue(transaction, WebhookEvents.priceUpdated(now(), priceId, target));
            return changed;
        });
    }

    /**
     * Opens a checkout session, or returns the session the same {@code checkoutId} opened before.
     *
     * @throws BillingException {@link ErrorCode#INVALID_REQUEST} for an unknown price, a wrong amount or currency,
     *         or a subscription of a one-time price; {@link ErrorCode#CONFLICT} for a price that is not active or a
     *         {@code checkoutId} reused with other terms
     */
    public CheckoutSession openSession(CheckoutRequest request) {
        requireNonNull(request, "request is null");
        requireCurrency(request.amount(), "checkout '" + request.checkoutId() + "'");
        return transact(transaction -> {
            Optional<CheckoutSession> existing = transaction.findByAlternateKey(CheckoutSession.class, request.checkoutId());
            if (existing.isPresent()) {
                return requireSameTerms(existing.get(), request);
            }
            Price price = transaction.find(Price.class, request.providerPlanRef())
                    .orElseThrow(() -> new BillingException(ErrorCode.INVALID_REQUEST, "checkout '" + request.checkoutId() + "' names plan '"
                            + request.providerPlanRef() + "', which is not registered on network '" + settings.network() + "'; register the plan first"));
            if (price.status() != PlanStatus.ACTIVE) {
                throw new BillingException(ErrorCode.CONFLICT, "plan '" + price.planId() + "' (" + price.id() + ") is " + price.status()
                        + " on network '" + settings.network() + "' and accepts no new checkouts");
            }
            if (request.kind() == CheckoutKind.SUBSCRIPTION && !price.recurring()) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "plan '" + price.planId() + "' (" + price.id()
                        + ") has no billing period, so it cannot be subscribed to; use a one-time checkout");
            }
            if (!price.unitPrice().equals(request.amount())) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "checkout '" + request.checkoutId() + "' asks for " + request.amount()
                        + " but plan '" + price.planId() + "' (" + price.id() + ") costs " + price.unitPrice());
            }
            Instant now = now();
            CheckoutSession session = new CheckoutSession(identifiers.next("cs"), request.checkoutId(), request.kind(), request.customerId(),
                    price.id(), request.amount().minorUnits(), request.amount().asset(), request.returnUrl(), request.metadata(),
                    now, now.plus(settings.sessionTimeToLive()), new SessionOutcome.Open());
            transaction.put(session);
            return session;
        });
    }

    /** The session, expired first when its time is over. */
    public Optional<CheckoutSession> findSession(String sessionId) {
        requireNonNull(sessionId, "sessionId is null");
        return transact(transaction -> transaction.find(CheckoutSession.class, sessionId).map(session -> expireIfOverdue(transaction, session)));
    }

    /** The price a session sells. */
    public Optional<Price> findPrice(String priceId) {
        requireNonNull(priceId, "priceId is null");
        return transact(transaction -> transaction.find(Price.class, priceId));
    }

    /**
     * The payer pays a session with a card. A session that is no longer open is returned as it is: paying
     * twice captures once. A subscription session saves the card, starts the subscription and pays its first period.
     * A declined card leaves the session open with the decline recorded, so the payer can try again on the same page;
     * the {@value #MAX_DECLINED_ATTEMPTS}th declined card fails the session finally.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} for an unknown session
     */
    public CheckoutSession pay(String sessionId, PresentedCard card) {
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(card, "card is null");
        return transact(transaction -> {
            CheckoutSession session = expireIfOverdue(transaction, requireSession(transaction, sessionId));
            if (!session.open()) {
                return session;
            }
            return switch (card.authorizeAtCheckout()) {
                case CardAuthorization.Declined declined -> declineAttempt(transaction, session, declined);
                case CardAuthorization.Approved ignored -> capture(transaction, session, card);
            };
        });
    }

    /**
     * The payer refuses to pay on the hosted page; nothing is captured and the session fails finally.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} for an unknown session
     */
    public CheckoutSession decline(String sessionId) {
        requireNonNull(sessionId, "sessionId is null");
        return transact(transaction -> {
            CheckoutSession session = expireIfOverdue(transaction, requireSession(transaction, sessionId));
            if (!session.open()) {
                return session;
            }
            return fail(transaction, session, ErrorCode.PAYMENT_DECLINED, "payer_declined", "the payer declined the payment on the hosted checkout page");
        });
    }

    /** Expires every open session whose time is over, so that the merchant hears of it even when nobody visits the page again. */
    public int expireOverdueSessions() {
        return transact(transaction -> {
            Instant now = now();
            int expired = 0;
            for (CheckoutSession session : transaction.all(CheckoutSession.class)) {
                if (session.overdueAt(now)) {
                    expireIfOverdue(transaction, session);
                    expired++;
                }
            }
            return expired;
        });
    }

    /**
     * Charges due periods with the subscriptions' saved cards, one outcome per item in order, all in one
     * transaction: either every item's outcome is recorded or, when the ledger cannot be written, none.
     */
    public List<ChargeOutcome> charge(List<ChargeItem> items) {
        requireNonNull(items, "items is null");
        return transact(transaction -> {
            List<ChargeOutcome> outcomes = new ArrayList<>(items.size());
            for (ChargeItem item : items) {
                outcomes.add(chargeOne(transaction, item));
            }
            return outcomes;
        });
    }

    /**
     * Refunds a payment, all that is left when no amount is given; a repeated {@code refundId} returns the first
     * refund and moves nothing.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} for an unknown payment; {@link ErrorCode#CONFLICT} when the
     *         amount exceeds what is left or the {@code refundId} was used for something else;
     *         {@link ErrorCode#INVALID_REQUEST} for another currency
     */
    public RefundEntry refund(RefundRequest request) {
        requireNonNull(request, "request is null");
        return transact(transaction -> {
            Optional<RefundEntry> existing = transaction.findByAlternateKey(RefundEntry.class, request.refundId());
            if (existing.isPresent()) {
                return requireSameRefund(existing.get(), request);
            }
            Payment payment = transaction.find(Payment.class, request.paymentRef())
                    .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no payment '" + request.paymentRef() + "' on network '" + settings.network() + "'"));
            Money refundable = payment.refundable();
            Money amount = request.amount().orElse(refundable);
            if (!amount.asset().equals(payment.currency())) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "refund '" + request.refundId() + "' is in " + amount.asset()
                        + " but payment '" + payment.id() + "' was captured in " + payment.currency());
            }
            if (refundable.isZero()) {
                throw new BillingException(ErrorCode.CONFLICT, "payment '" + payment.id() + "' is already fully refunded (" + payment.captured() + ")");
            }
            if (amount.compareAmount(refundable) > 0) {
                throw new BillingException(ErrorCode.CONFLICT, "refund '" + request.refundId() + "' of " + amount + " exceeds the " + refundable
                        + " left to refund on payment '" + payment.id() + "' (captured " + payment.captured() + ", refunded "
                        + new Money(payment.refunded(), payment.currency()) + ")");
            }
            Instant now = now();
            RefundEntry refund = new RefundEntry(identifiers.next("re"), request.refundId(), payment.id(), amount.minorUnits(), amount.asset(), request.reason(), now);
            transaction.put(refund);
            transaction.put(payment.withRefunded(payment.refunded().add(amount.minorUnits())));
            queue(transaction, WebhookEvents.paymentRefunded(now, payment.id(), refund.id(), amount));
            return refund;
        });
    }

    /**
     * Ends a subscription; cancelling it again returns it unchanged.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} for an unknown subscription
     */
    public Subscription cancel(String subscriptionId) {
        requireNonNull(subscriptionId, "subscriptionId is null");
        return transact(transaction -> {
            Subscription subscription = transaction.find(Subscription.class, subscriptionId)
                    .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no subscription '" + subscriptionId + "' on network '" + settings.network() + "'"));
            if (!subscription.active()) {
                return subscription;
            }
            Instant now = now();
            Subscription cancelled = subscription.cancelledAt(now);
            transaction.put(cancelled);
            queue(transaction, WebhookEvents.subscriptionCancelled(now, subscriptionId));
            return cancelled;
        });
    }

    public Balance balance() {
        return transact(transaction -> {
            BigInteger captured = NOTHING;
            BigInteger refunded = NOTHING;
            List<Payment> payments = transaction.all(Payment.class);
            for (Payment payment : payments) {
                captured = captured.add(payment.amount());
                refunded = refunded.add(payment.refunded());
            }
            return new Balance(new Money(captured, settings.currency()), new Money(refunded, settings.currency()),
                    payments.size(), transaction.all(RefundEntry.class).size());
        });
    }

    private ChargeOutcome chargeOne(LedgerTransaction transaction, ChargeItem item) {
        String subscriptionId = item.subscriptionRef();
        Optional<Subscription> found = transaction.find(Subscription.class, subscriptionId);
        if (found.isEmpty()) {
            return new ChargeOutcome.Failed(subscriptionId, ErrorCode.NOT_FOUND, "no subscription '" + subscriptionId + "' on network '" + settings.network() + "'");
        }
        Subscription subscription = found.get();
        Price price = transaction.find(Price.class, subscription.priceId()).orElseThrow(() -> inconsistent("price " + subscription.priceId()));
        if (!price.unitPrice().equals(item.amount())) {
            return new ChargeOutcome.Failed(subscriptionId, ErrorCode.INVALID_REQUEST, "charge of " + item.amount() + " for subscription '"
                    + subscriptionId + "' differs from its price " + price.unitPrice() + " (" + price.id() + ")");
        }
        Money zeroFee = new Money(NOTHING, price.currency());
        // The PSP's own payment for this subscription and period, whoever asks (a gateway that lost what it recorded asks
        // again for the same period). A period start inside a period paid under another start is not matched here: answering
        // that payment would make the gateway record it as a second renewal (see docs/charge-worker.md).
        Optional<PeriodCharge> charged = transaction.find(PeriodCharge.class, PeriodCharge.keyOf(subscriptionId, item.periodStart()));
        if (charged.isPresent()) {
            return new ChargeOutcome.Charged(subscriptionId, charged.get().paymentId(), item.amount(), zeroFee, Optional.empty(), charged.get().nextChargeAt());
        }
        if (!subscription.active()) {
            return new ChargeOutcome.Skipped(subscriptionId, SkipReason.SUBSCRIPTION_INACTIVE,
                    "subscription '" + subscriptionId + "' was cancelled at " + subscription.cancelledAt().orElseThrow());
        }
        if (price.status() != PlanStatus.ACTIVE) {
            return new ChargeOutcome.Skipped(subscriptionId, SkipReason.PLAN_INACTIVE,
                    "plan '" + price.planId() + "' (" + price.id() + ") is " + price.status() + "; its subscriptions are not renewed");
        }
        if (subscription.missed(item.periodStart())) {
            return new ChargeOutcome.Skipped(subscriptionId, SkipReason.NOT_DUE, "the period starting " + item.periodStart()
                    + " was missed: a late renewal restarted the schedule at " + subscription.restartedAt().orElseThrow() + ", and missed periods are not charged");
        }
        SavedCard card = transaction.find(SavedCard.class, subscription.savedCardId()).orElseThrow(() -> inconsistent("saved card " + subscription.savedCardId()));
        Instant now = now();
        return switch (card.card().authorizeOffSession()) {
            case CardAuthorization.Declined declined -> {
                queue(transaction, WebhookEvents.subscriptionChargeFailed(now, subscriptionId, item.periodStart(),
                        declined.code(), declined.declineCode(), declined.reason()));
                yield new ChargeOutcome.Failed(subscriptionId, declined.code(), declined.reason() + " (" + declined.declineCode() + ")");
            }
            case CardAuthorization.Approved ignored -> {
                Payment payment = new Payment(identifiers.next("pay"), item.amount().minorUnits(), item.amount().asset(), card.card().lastFourDigits(),
                        Optional.empty(), Optional.of(subscriptionId), now, NOTHING);
                // One charge, whatever the delay: a renewal more than a period late restarts the schedule from now.
                if (!price.recurring()) {
                    throw inconsistent("billing period of " + price.id());
                }
                Instant nextChargeAt = price.nextChargeAt(subscription.anchor(), item.periodStart(), now);
                PeriodCharge periodCharge = PeriodCharge.of(subscriptionId, item.periodStart(), payment.id(), now, nextChargeAt);
                transaction.put(payment);
                transaction.put(periodCharge);
                Subscription paid = subscription.paidBy(periodCharge);
                transaction.put(price.restartsAt(subscription.anchor(), item.periodStart(), now) ? paid.restartedAt(now) : paid);
                queue(transaction, WebhookEvents.subscriptionCharged(now, subscriptionId, payment.id(), item.periodStart(), item.amount(), nextChargeAt));
                yield new ChargeOutcome.Charged(subscriptionId, payment.id(), item.amount(), zeroFee, Optional.empty(), Optional.of(nextChargeAt));
            }
        };
    }

    private CheckoutSession capture(LedgerTransaction transaction, CheckoutSession session, PresentedCard card) {
        Instant now = now();
        String paymentId = identifiers.next("pay");
        Optional<Subscription> subscription = Optional.empty();
        Optional<Instant> nextChargeAt = Optional.empty();
        if (session.kind() == CheckoutKind.SUBSCRIPTION) {
            Price price = transaction.find(Price.class, session.priceId()).orElseThrow(() -> inconsistent("price " + session.priceId()));
            TestCard testCard = card.testCard().orElseThrow(() -> inconsistent("an approved card that is not a test card"));
            SavedCard savedCard = new SavedCard(identifiers.next("pm"), session.customerId(), testCard, now);
            String id = identifiers.next("sub");
            // the checkout paid the first period; charging that period again finds this payment
            if (!price.recurring()) {
                throw inconsistent("billing period of " + price.id());
            }
            nextChargeAt = Optional.of(price.firstRenewalAt(now));
            PeriodCharge firstPeriod = PeriodCharge.of(id, now, paymentId, now, nextChargeAt.get());
            subscription = Optional.of(new Subscription(id, session.id(), session.customerId(), price.id(), savedCard.id(), now,
                    Optional.empty(), Optional.empty(), Optional.of(firstPeriod.id())));
            transaction.put(savedCard);
            transaction.put(subscription.get());
            transaction.put(firstPeriod);
        }
        Optional<String> subscriptionId = subscription.map(Subscription::id);
        transaction.put(new Payment(paymentId, session.amount(), session.currency(), card.lastFourDigits(), Optional.of(session.id()), subscriptionId, now, NOTHING));
        CheckoutSession paid = session.withOutcome(new SessionOutcome.Paid(paymentId, subscriptionId, card.lastFourDigits(), now));
        transaction.put(paid);
        // the payment first: a merchant that waits for the activation has then heard of the payment as well
        queue(transaction, WebhookEvents.paymentSucceeded(now, session.id(), paymentId, session.total()));
        if (subscriptionId.isPresent()) {
            queue(transaction, WebhookEvents.subscriptionActivated(now, session.id(), subscriptionId.get(), nextChargeAt.orElseThrow()));
        }
        return paid;
    }

    private CheckoutSession declineAttempt(LedgerTransaction transaction, CheckoutSession session, CardAuthorization.Declined declined) {
        SessionOutcome.Open open = (SessionOutcome.Open) session.outcome();
        if (open.declinedAttempts() + 1 >= MAX_DECLINED_ATTEMPTS) {
            return fail(transaction, session, declined.code(), declined.declineCode(), declined.reason() + "; " + MAX_DECLINED_ATTEMPTS
                    + " cards were declined on this checkout, which ends it");
        }
        CheckoutSession retryable = session.withOutcome(open.declined(new SessionOutcome.Failed(declined.code(), declined.declineCode(), declined.reason(), now())));
        transaction.put(retryable);
        return retryable;
    }

    private CheckoutSession fail(LedgerTransaction transaction, CheckoutSession session, ErrorCode code, String declineCode, String reason) {
        Instant now = now();
        CheckoutSession failed = session.withOutcome(new SessionOutcome.Failed(code, declineCode, reason, now));
        transaction.put(failed);
        queue(transaction, WebhookEvents.paymentFailed(now, session.id(), code, declineCode, reason));
        return failed;
    }

    private CheckoutSession expireIfOverdue(LedgerTransaction transaction, CheckoutSession session) {
        if (!session.overdueAt(now())) {
            return session;
        }
        CheckoutSession expired = session.withOutcome(new SessionOutcome.Expired(session.expiresAt()));
        transaction.put(expired);
        // no error code says "expired"; like a decline, retrying the same checkout cannot succeed
        queue(transaction, WebhookEvents.paymentFailed(now(), session.id(), ErrorCode.PAYMENT_DECLINED, "expired",
                "the checkout session expired at " + session.expiresAt() + " before the payer paid"));
        return expired;
    }

    private CheckoutSession requireSession(LedgerTransaction transaction, String sessionId) {
        return transaction.find(CheckoutSession.class, sessionId)
                .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no checkout session '" + sessionId + "' on network '" + settings.network() + "'"));
    }

    private CheckoutSession requireSameTerms(CheckoutSession session, CheckoutRequest request) {
        boolean same = session.kind() == request.kind()
                && session.priceId().equals(request.providerPlanRef())
                && session.total().equals(request.amount())
                && session.customerId().equals(request.customerId());
        if (!same) {
            throw new BillingException(ErrorCode.CONFLICT, "checkout '" + request.checkoutId() + "' was started before as session " + session.id()
                    + " with other terms (" + session.kind() + " of " + session.priceId() + " for " + session.total()
                    + "); a new checkout needs a new id");
        }
        return session;
    }

    private static RefundEntry requireSameRefund(RefundEntry refund, RefundRequest request) {
        boolean same = refund.paymentId().equals(request.paymentRef())
                && request.amount().map(amount -> amount.equals(refund.refunded())).orElse(true);
        if (!same) {
            throw new BillingException(ErrorCode.CONFLICT, "refund '" + request.refundId() + "' was made before as " + refund.id() + " of "
                    + refund.refunded() + " from payment '" + refund.paymentId() + "'; a different refund needs a new id");
        }
        return refund;
    }

    private void requireCurrency(Money money, String what) {
        if (!money.asset().equals(settings.currency())) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, what + " is in " + money.asset() + ", but network '" + settings.network()
                    + "' settles in " + settings.currency() + " only");
        }
    }

    private static String describeTerms(Money price, Optional<String> interval) {
        return price + interval.map(period -> " every " + period).orElse(" once");
    }

    private static BillingException inconsistent(String missing) {
        return new BillingException(ErrorCode.INTERNAL, "the mock PSP's ledger is inconsistent: " + missing + " is missing");
    }

    /**
     * The PSP's time, in milliseconds as a PSP's API gives it: its schedule is then stored exactly by a merchant whose
     * database keeps microseconds (PostgreSQL rounds nanoseconds, so a next charge time would differ by one).
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void queue(LedgerTransaction transaction, WebhookEvent event) {
        transaction.put(OutboxMessage.pending(identifiers.next("msg"), event.type(), event.body(), now()));
    }

    private <T> T transact(Function<LedgerTransaction, T> work) {
        List<OutboxMessage> queued = new ArrayList<>();
        T result = ledger.transact(transaction -> {
            T value = work.apply(transaction);
            queued.addAll(transaction.queuedMessages());
            return value;
        });
        if (!queued.isEmpty()) {
            webhookDelivery.accept(queued);
        }
        return result;
    }
}
