package io.billinggateway.provider.solana;

import io.billinggateway.provider.solana.confirmation.ExpectedTransfer;
import io.billinggateway.provider.solana.confirmation.TransferValidator;
import io.billinggateway.provider.solana.confirmation.TransferVerdict;
import io.billinggateway.provider.solana.json.JsonException;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.provider.solana.rpc.SignatureInfo;
import io.billinggateway.provider.solana.rpc.SolanaRpcClient;
import io.billinggateway.provider.solana.store.CheckoutRecord;
import io.billinggateway.provider.solana.store.ProviderStore;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.ProviderMetrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Looks for the transfers of pending checkouts on chain and records each checkout's outcome in the store.
 *
 * <p>For every pending reference: {@code getSignaturesForAddress(reference)} at the configured commitment, then,
 * oldest first, {@code getTransaction} of each signature that did not fail on chain. The first such transaction
 * decides the checkout: {@link TransferVerdict.Paid} records a {@link BillingEvent.PaymentConfirmed},
 * {@link TransferVerdict.Rejected} a {@link BillingEvent.PaymentFailed} with {@link ErrorCode#PAYMENT_DECLINED} and
 * the reason (wrong amount, token or recipient). A reference is single-use: transfers after the deciding one are
 * not looked at. A checkout with no transfer after its expiry fails as expired.
 *
 * <p>Called by one thread at a time (the provider serialises polls).
 */
final class ReferenceWatcher {
    private static final System.Logger.Level REJECTION_LEVEL = System.Logger.Level.WARNING;

    private final String recipient;
    private final NetworkDescription network;
    private final SolanaRpcClient rpc;
    private final ProviderStore store;
    private final Clock clock;
    private final ProviderMetrics metrics;
    private final System.Logger log;
    private final int signatureLimit;

    ReferenceWatcher(String recipient, NetworkDescription network, SolanaRpcClient rpc, ProviderStore store, Clock clock, ProviderMetrics metrics,
                     System.Logger log, int signatureLimit) {
        this.recipient = requireNonNull(recipient, "recipient is null");
        this.network = requireNonNull(network, "network is null");
        this.rpc = requireNonNull(rpc, "rpc is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
        this.signatureLimit = signatureLimit;
    }

    /**
     * Checks every pending checkout once.
     *
     * @throws BillingException the RPC failure that stopped the round (checkouts decided before it stay decided)
     */
    void checkPending() {
        List<CheckoutRecord> pending = store.pending();
        metrics.gauge("solana_poc_pending_checkouts", pending.size(), Map.of());
        for (CheckoutRecord checkout : pending) {
            Optional<BillingEvent> outcome = findOutcome(checkout);
            if (outcome.isEmpty() && !clock.instant().isBefore(checkout.expiresAt())) {
                outcome = Optional.of(new BillingEvent.PaymentFailed("expired:" + checkout.reference(), checkout.expiresAt(), checkout.reference(),
                        ErrorCode.PAYMENT_DECLINED, "expired: no transfer carrying the reference arrived before the transfer request expired at " + checkout.expiresAt()));
            }
            outcome.ifPresent(event -> record(checkout, event));
        }
    }

    private Optional<BillingEvent> findOutcome(CheckoutRecord checkout) {
        List<SignatureInfo> newestFirst = rpc.signaturesForAddress(checkout.reference(), signatureLimit);
        ExpectedTransfer expected = expected(checkout);
        for (SignatureInfo signature : newestFirst.reversed()) {
            if (signature.failed()) {
                continue;
            }
            Optional<JsonObject> transaction = rpc.transaction(signature.signature());
            if (transaction.isEmpty()) {
                // Listed but not yet readable at this commitment: wait for it rather than judge a later one first.
                return Optional.empty();
            }
            TransferVerdict verdict;
            try {
                verdict = TransferValidator.judge(transaction.get(), expected);
            }
            catch (JsonException | ArithmeticException e) {
                throw new BillingException(ErrorCode.INTERNAL, "Solana RPC " + rpc.endpointName() + " returned transaction " + signature.signature()
                        + " in an unexpected shape: " + e.getMessage());
            }
            Instant occurredAt = blockTime(transaction.get()).or(signature::blockTime).orElseGet(clock::instant);
            switch (verdict) {
                case TransferVerdict.Paid paid -> {
                    return Optional.of(new BillingEvent.PaymentConfirmed(signature.signature(), occurredAt, checkout.reference(), signature.signature(),
                            new Money(paid.amount(), checkout.amount().asset())));
                }
                case TransferVerdict.Rejected rejected -> {
                    return Optional.of(new BillingEvent.PaymentFailed(signature.signature(), occurredAt, checkout.reference(), ErrorCode.PAYMENT_DECLINED,
                            "transfer " + signature.signature() + " rejected, " + rejected.reason()));
                }
                case TransferVerdict.Irrelevant irrelevant -> {
                    // not a payment attempt for this checkout; look at the next one
                }
            }
        }
        return Optional.empty();
    }

    private void record(CheckoutRecord checkout, BillingEvent event) {
        if (!store.resolve(event)) {
            return;
        }
        switch (event) {
            case BillingEvent.PaymentConfirmed confirmed -> {
                metrics.increment("solana_poc_payments_total", Map.of("outcome", "confirmed"));
                log.log(System.Logger.Level.INFO, "payment confirmed: checkout {0} reference {1} transaction {2} amount {3}",
                        checkout.checkoutId(), checkout.reference(), confirmed.transactionRef(), confirmed.amount());
            }
            case BillingEvent.PaymentFailed failed -> {
                metrics.increment("solana_poc_payments_total", Map.of("outcome", failed.eventId().startsWith("expired:") ? "expired" : "rejected"));
                log.log(REJECTION_LEVEL, "payment failed: checkout {0} reference {1}: {2}", checkout.checkoutId(), checkout.reference(), failed.reason());
            }
            default -> {
            }
        }
    }

    private ExpectedTransfer expected(CheckoutRecord checkout) {
        Asset asset = network.asset(checkout.amount().asset());
        return new ExpectedTransfer(checkout.reference(), recipient, asset.address(), checkout.amount().minorUnits(), asset.code());
    }

    private static Optional<Instant> blockTime(JsonObject transaction) {
        if (!transaction.has("blockTime")) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(transaction.integer("blockTime").longValueExact()));
    }
}
