package io.billinggateway.provider.evm.charge;

import io.billinggateway.contracts.ChargePreview;
import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.Subscription;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.contracts.SubscriptionStatus;
import io.billinggateway.provider.evm.ContractFailures;
import io.billinggateway.provider.evm.EvmNetwork;
import io.billinggateway.provider.evm.checkout.Checkouts;
import io.billinggateway.provider.evm.state.StoredCharge;
import io.billinggateway.provider.evm.transaction.Receipts;
import io.billinggateway.provider.evm.transaction.SentTransaction;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.SkipReason;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Renewals and the end of subscriptions on one network.
 *
 * <p><b>Charging</b>: due items are sent as {@code chargeBatch(ids)} from the AUTOMATION key's lane, at most the
 * contract's {@code batchLimit} ids per transaction. Each item's outcome is read from the receipt, where the
 * contract emits exactly one {@code SubscriptionCharged} or {@code ChargeSkipped} per id in order. A transaction
 * without a receipt within {@code receipt-timeout} makes its items {@link ChargeOutcome.Pending}. Every sent
 * (subscription, period) is remembered with its transaction hash until it is settled: charging the same period
 * again first looks that transaction up, and reports its outcome (mined), {@code Pending} (still waiting) or sends
 * anew only when no node knows it. The contract itself charges a subscription at most once per period, so even a
 * lost memory cannot double a charge; it then answers {@code Skipped(NOT_DUE)}.
 *
 * <p><b>Ending</b>: a subscriber's cancellation needs the subscriber's wallet ({@link CancelResult.ActionRequired}
 * with an {@code unsubscribe} payload); an operator's is {@code forceCancel} from the OPERATOR key; a spent retry
 * budget is {@code markFailedCharge} (the contract's final-failure path, which refunds the deposit) and, when the
 * contract still has retries of its own, {@code forceCancel}.
 */
public final class Charges {
    private final EvmNetwork network;
    private final Checkouts checkouts;
    private final IntSupplier batchLimit;
    private final ChargeHistory history;

    /** @param batchLimit the most ids per chargeBatch transaction */
    public Charges(EvmNetwork network, Checkouts checkouts, IntSupplier batchLimit) {
        this.network = requireNonNull(network, "network is null");
        this.checkouts = requireNonNull(checkouts, "checkouts is null");
        this.batchLimit = requireNonNull(batchLimit, "batchLimit is null");
        this.history = new ChargeHistory(network);
    }

    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        requireNonNull(request, "request is null");
        List<ChargeItem> items = request.items();
        ChargeOutcome[] outcomes = new ChargeOutcome[items.size()];
        List<Integer> toSend = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            ChargeItem item = items.get(index);
            Optional<BigInteger> id = subscriptionId(item.subscriptionRef());
            if (id.isEmpty()) {
                outcomes[index] = new ChargeOutcome.Skipped(item.subscriptionRef(), SkipReason.NO_PLAN, "not a subscription id of network '" + network.settings().network() + "'");
                continue;
            }
            Optional<ChargeOutcome> known = earlierCharge(item, id.get()).or(() -> withoutTransaction(item, id.get()));
            if (known.isPresent()) {
                outcomes[index] = known.get();
            }
            else {
                toSend.add(index);
            }
        }
        int limit = Math.max(1, batchLimit.getAsInt());
        boolean sentBefore = false;
        for (int start = 0; start < toSend.size(); start += limit) {
            List<Integer> chunk = toSend.subList(start, Math.min(toSend.size(), start + limit));
            try {
                send(items, chunk, outcomes);
                sentBefore = true;
            }
            catch (BillingException e) {
                if (!sentBefore && Arrays.stream(outcomes).allMatch(outcome -> outcome == null || outcome instanceof ChargeOutcome.Skipped)) {
                    throw e;
                }
                // Money of earlier transactions may have moved: report this chunk's failure per item.
                for (int index : chunk) {
                    outcomes[index] = new ChargeOutcome.Failed(items.get(index).subscriptionRef(), e.code(), e.getMessage());
                }
            }
        }
        return new ChargeBatchResult(Arrays.asList(outcomes));
    }

    public CancelResult cancel(CancelSubscriptionRequest request) {
        requireNonNull(request, "request is null");
        String ref = request.subscriptionRef();
        BigInteger id = subscriptionId(ref).orElseThrow(() -> notFound(ref));
        Subscription subscription = ContractFailures.read("reading subscription " + id, () -> network.subscriptions().getSubscription(id))
                .orElseThrow(() -> notFound(ref));
        if (subscription.status() != SubscriptionStatus.ACTIVE) {
            return new CancelResult.Cancelled(ref, network.clock().instant());
        }
        return switch (request.initiator()) {
            case SUBSCRIBER -> new CancelResult.ActionRequired(ref, checkouts.unsubscribe(subscription));
            case OPERATOR -> forceCancel(ref, id, "cancelled by an operator");
            case RETRIES_EXHAUSTED -> failFinally(ref, id);
        };
    }

    /**
     * The gateway owns the one retry budget ({@code charge-max-retries}); its final failure must end the subscription on
     * chain at once. A contract with retries of its own ({@code maxRetries > 0}) would answer markFailedCharge by
     * scheduling another attempt, so ending it then takes the operator key ({@code forceCancel}).
     */
    public static String retryBudgetConflict(String network, int contractRetries) {
        return "network '" + network + "': the SubscriptionManager keeps a retry budget of its own (maxRetries " + contractRetries
                + "), so without operator-key a subscription the gateway failed after charge-max-retries would stay active on chain; "
                + "configure operator-key (final failures then end with forceCancel), or set the contract's maxRetries to 0 "
                + "(setRetryPolicy, GOVERNOR) so that charge-max-retries is the only retry budget";
    }

    private CancelResult failFinally(String ref, BigInteger id) {
        if (!network.hasOperator()) {
            int contractRetries = ContractFailures.read("reading the SubscriptionManager's maxRetries", () -> network.subscriptions().maxRetries());
            if (contractRetries > 0) {
                throw new BillingException(ErrorCode.CONFIGURATION_INVALID, retryBudgetConflict(network.settings().network(), contractRetries));
            }
        }
        SentTransaction sent;
        try {
            sent = network.automationLane().send(network.subscriptions().markFailedCharge(id), "markFailedCharge");
        }
        catch (ContractRevertException e) {
            // Not due, or chargeable again right now: the contract refuses to count a failure; the gateway has given up anyway.
            if (network.hasOperator()) {
                return forceCancel(ref, id, "renewal retries exhausted (" + e.errorName() + " on markFailedCharge)");
            }
            throw ContractFailures.revert("markFailedCharge of subscription " + id, e);
        }
        TransactionReceipt receipt = awaitSuccess(sent, "markFailedCharge of subscription " + id);
        boolean ended = network.subscriptions().events(receipt).stream().anyMatch(SubscriptionEvent.FailedFinal.class::isInstance);
        if (ended) {
            return new CancelResult.Cancelled(ref, network.clock().instant());
        }
        if (network.hasOperator()) {
            return forceCancel(ref, id, "renewal retries exhausted");
        }
        throw new BillingException(ErrorCode.CONFLICT, "subscription " + id + " on network '" + network.settings().network()
                + "' has on-chain retries left (markFailedCharge scheduled another attempt in " + receipt.getTransactionHash()
                + "); it ends after the contract's retry budget, or at once with an operator-key");
    }

    private CancelResult forceCancel(String ref, BigInteger id, String reason) {
        SentTransaction sent;
        try {
            sent = network.operatorLane("cancelling subscription " + id).send(network.subscriptions().forceCancel(id, reason), "forceCancel");
        }
        catch (ContractRevertException e) {
            if (e.errorName().equals("SubscriptionNotActive")) {
                return new CancelResult.Cancelled(ref, network.clock().instant());
            }
            throw ContractFailures.revert("forceCancel of subscription " + id, e);
        }
        awaitSuccess(sent, "forceCancel of subscription " + id);
        return new CancelResult.Cancelled(ref, network.clock().instant());
    }

    /**
     * The outcome of an item the chain would not charge now, answered without a transaction: the preview
     * ({@code previewCharge}) says skipped (a frozen plan, a cancelled subscription, a deposit too small, ...), or not
     * due because the period was charged already, in which case the answer is that charge, read from the chain's
     * {@code SubscriptionCharged} log ({@link ChargeHistory}). Empty when the item is to be sent: chargeable, or a
     * preview that reverted (the chain then decides item by item in the batch).
     */
    private Optional<ChargeOutcome> withoutTransaction(ChargeItem item, BigInteger id) {
        ChargePreview preview;
        try {
            preview = network.subscriptions().previewCharge(id);
        }
        catch (ContractRevertException e) {
            return Optional.empty();
        }
        catch (RuntimeException e) {
            throw ContractFailures.of("previewing the charge of subscription " + id, e);
        }
        if (preview.chargeable()) {
            return Optional.empty();
        }
        io.billinggateway.contracts.SkipReason reason = preview.skipReason().orElseThrow();
        if (reason == io.billinggateway.contracts.SkipReason.NOT_DUE) {
            Optional<ChargeOutcome> charged = history.chargeOf(id, item.periodStart()).flatMap(log -> chargedBy(log, id, item));
            if (charged.isPresent()) {
                return charged;
            }
        }
        return Optional.of(skippedOutcome(item.subscriptionRef(), reason));
    }

    /** The outcome the provider answered when it sent the transaction of {@code log}, rebuilt from that transaction's receipt. */
    private Optional<ChargeOutcome> chargedBy(SubscriptionEvent.Charged log, BigInteger id, ChargeItem item) {
        String hash = log.location().transactionHash();
        if (!(network.receipts().lookup(hash) instanceof Receipts.Status.Mined mined)) {
            return Optional.empty();
        }
        TransactionReceipt receipt = mined.receipt();
        int batchSize = network.subscriptions().chargeOutcomes(receipt).size();
        network.log().log(System.Logger.Level.INFO, "subscription " + id + ": the period starting " + item.periodStart() + " was charged in "
                + hash + ", which this provider has no record of (a new or lost data directory); reporting that charge");
        return outcomeIn(receipt, outcomesById(receipt), id, item, batchSize);
    }

    /** The outcome of a transaction sent earlier for the same period, or empty when it must be sent (again). */
    private Optional<ChargeOutcome> earlierCharge(ChargeItem item, BigInteger id) {
        long period = item.periodStart().toEpochMilli();
        Optional<StoredCharge> stored = network.state().charge(item.subscriptionRef(), period);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String hash = stored.get().transactionHash();
        return switch (network.receipts().lookup(hash)) {
            case Receipts.Status.Mined mined -> {
                Optional<ChargeOutcome> outcome = mined.receipt().isStatusOK() ? outcomeIn(mined.receipt(), outcomesById(mined.receipt()), id, item, 1) : Optional.empty();
                if (outcome.isEmpty() || !(outcome.get() instanceof ChargeOutcome.Charged)) {
                    network.state().removeCharges(List.of(stored.get()));
                    yield Optional.empty();
                }
                yield outcome;
            }
            case Receipts.Status.Waiting waiting -> Optional.of(new ChargeOutcome.Pending(item.subscriptionRef(), hash));
            case Receipts.Status.Unknown unknown -> {
                network.log().log(System.Logger.Level.WARNING, "chargeBatch transaction " + hash + " for subscription " + id
                        + " is unknown to the node (dropped); charging the period anew");
                network.automationLane().forgetNonce();
                network.state().removeCharges(List.of(stored.get()));
                yield Optional.empty();
            }
            case Receipts.Status.Unreachable unreachable -> Optional.of(new ChargeOutcome.Pending(item.subscriptionRef(), hash));
        };
    }

    private void send(List<ChargeItem> items, List<Integer> chunk, ChargeOutcome[] outcomes) {
        List<BigInteger> ids = chunk.stream().map(index -> subscriptionId(items.get(index).subscriptionRef()).orElseThrow()).toList();
        SentTransaction sent;
        try {
            sent = network.automationLane().send(network.subscriptions().chargeBatch(ids), "chargeBatch");
        }
        catch (ContractRevertException e) {
            throw ContractFailures.revert("chargeBatch of " + ids.size() + " subscriptions", e);
        }
        long now = network.clock().millis();
        List<StoredCharge> stored = chunk.stream()
                .map(index -> new StoredCharge(items.get(index).subscriptionRef(), items.get(index).periodStart().toEpochMilli(), sent.hash(), sent.nonce(), now))
                .toList();
        network.state().putCharges(stored);
        Optional<TransactionReceipt> receipt = network.receipts().await(sent.hash());
        if (receipt.isEmpty()) {
            network.metrics().increment("evm_receipt_timeout_total", Map.of("purpose", "chargeBatch"));
            for (int index : chunk) {
                outcomes[index] = new ChargeOutcome.Pending(items.get(index).subscriptionRef(), sent.hash());
            }
            return;
        }
        if (!receipt.get().isStatusOK()) {
            // A reverted batch moved nothing (the contract reverts whole only when it ran out of gas).
            network.state().removeCharges(stored);
            for (int index : chunk) {
                outcomes[index] = new ChargeOutcome.Failed(items.get(index).subscriptionRef(), ErrorCode.NETWORK_UNAVAILABLE,
                        "chargeBatch transaction " + sent.hash() + " reverted as a whole; nothing was charged");
            }
            return;
        }
        List<StoredCharge> settled = new ArrayList<>();
        Map<BigInteger, io.billinggateway.contracts.ChargeOutcome> decoded = outcomesById(receipt.get());
        for (int position = 0; position < chunk.size(); position++) {
            int index = chunk.get(position);
            ChargeItem item = items.get(index);
            ChargeOutcome outcome = outcomeIn(receipt.get(), decoded, ids.get(position), item, ids.size())
                    .orElseThrow(() -> new BillingException(ErrorCode.INTERNAL, "chargeBatch transaction " + sent.hash()
                            + " reports nothing for subscription " + item.subscriptionRef()));
            outcomes[index] = outcome;
            if (!(outcome instanceof ChargeOutcome.Charged)) {
                settled.add(stored.get(position));
            }
        }
        network.state().removeCharges(settled);
    }

    /** A mined chargeBatch receipt's outcomes by subscription id, decoded once for the whole batch (the first per id). */
    private Map<BigInteger, io.billinggateway.contracts.ChargeOutcome> outcomesById(TransactionReceipt receipt) {
        Map<BigInteger, io.billinggateway.contracts.ChargeOutcome> byId = new HashMap<>();
        for (io.billinggateway.contracts.ChargeOutcome outcome : network.subscriptions().chargeOutcomes(receipt)) {
            byId.putIfAbsent(outcome.subscriptionId(), outcome);
        }
        return byId;
    }

    /** The item's outcome in a mined chargeBatch receipt; gas is shared equally among the batch's items. */
    private Optional<ChargeOutcome> outcomeIn(TransactionReceipt receipt, Map<BigInteger, io.billinggateway.contracts.ChargeOutcome> outcomes,
                                              BigInteger id, ChargeItem item, int batchSize) {
        String asset = item.amount().asset();
        return Optional.ofNullable(outcomes.get(id))
                .map(outcome -> switch (outcome) {
                    case SubscriptionEvent.Charged charged -> new ChargeOutcome.Charged(item.subscriptionRef(), receipt.getTransactionHash(),
                            new Money(charged.amount(), asset), new Money(charged.fee(), asset),
                            Optional.of(receipt.getGasUsed().divide(BigInteger.valueOf(Math.max(1, batchSize)))),
                            // the chain's own schedule: a late renewal restarts there from block.timestamp + period
                            Optional.of(charged.nextChargeAt()));
                    case SubscriptionEvent.ChargeSkipped skipped -> skippedOutcome(item.subscriptionRef(), skipped.reason());
                });
    }

    /** A {@code ChargeSkipped} reason as an outcome: skipped, or failed when the payment itself reverted. */
    public static ChargeOutcome skippedOutcome(String ref, io.billinggateway.contracts.SkipReason reason) {
        return switch (reason) {
            case NO_PLAN -> new ChargeOutcome.Skipped(ref, SkipReason.NO_PLAN, "no such subscription, or its plan is unknown");
            case NOT_DUE -> new ChargeOutcome.Skipped(ref, SkipReason.NOT_DUE, "the period is not due yet or was already charged");
            case INSUFFICIENT_BALANCE -> new ChargeOutcome.Skipped(ref, SkipReason.INSUFFICIENT_BALANCE,
                    "the deposit (native coin) or the balance or allowance (token) does not cover the period");
            case PLAN_INACTIVE -> new ChargeOutcome.Skipped(ref, SkipReason.PLAN_INACTIVE, "the plan is inactive or frozen");
            case SUBSCRIPTION_INACTIVE -> new ChargeOutcome.Skipped(ref, SkipReason.SUBSCRIPTION_INACTIVE, "the subscription was cancelled or failed finally");
            case PAYMENT_FAILED -> new ChargeOutcome.Failed(ref, ErrorCode.PAYMENT_DECLINED,
                    "the payment reverted (the token refused the transfer or the merchant rejected the coin); nothing changed");
        };
    }

    private TransactionReceipt awaitSuccess(SentTransaction sent, String what) {
        TransactionReceipt receipt = network.receipts().await(sent.hash()).orElseThrow(() -> new BillingException(ErrorCode.TIMEOUT,
                what + ": transaction " + sent.hash() + " was not mined within " + network.receipts().timeout() + "; asking again checks the subscription first"));
        if (!receipt.isStatusOK()) {
            throw new BillingException(ErrorCode.INTERNAL, what + ": transaction " + sent.hash() + " reverted on chain");
        }
        return receipt;
    }

    /** The on-chain id of a subscription reference: a positive decimal number. */
    public static Optional<BigInteger> subscriptionId(String ref) {
        if (ref == null || !ref.matches("[1-9][0-9]{0,76}")) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(ref));
    }

    private BillingException notFound(String ref) {
        return new BillingException(ErrorCode.NOT_FOUND, "no subscription '" + ref + "' on network '" + network.settings().network() + "'");
    }
}
