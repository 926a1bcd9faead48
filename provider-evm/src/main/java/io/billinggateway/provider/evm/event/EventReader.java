package io.billinggateway.provider.evm.event;

import io.billinggateway.contracts.EventLocation;
import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.MarketplaceEvent;
import io.billinggateway.contracts.PlanEvent;
import io.billinggateway.contracts.RegisteredPlan;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.provider.evm.ContractFailures;
import io.billinggateway.provider.evm.EvmNetwork;
import io.billinggateway.provider.evm.charge.Charges;
import io.billinggateway.provider.evm.checkout.CheckoutTag;
import io.billinggateway.provider.evm.plan.PlanRegistrar;
import io.billinggateway.provider.evm.state.StoredCheckout;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PollEventsRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.Log;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Reads the network's final events: logs of the PlanManager, the SubscriptionManager and the Marketplace from
 * the block after the cursor up to {@code confirmations} blocks below the head, at most {@code log-range} blocks
 * per page, normalised into {@link BillingEvent}s with ids {@code txHash:logIndex}.
 *
 * <table>
 *   <caption>How logs become events</caption>
 *   <tr><th>log</th><th>events</th></tr>
 *   <tr><td>{@code SubscriptionActivated}</td><td>{@link BillingEvent.SubscriptionActivated}; its {@code providerReference} is
 *       the {@link CheckoutTag checkout tag} found in the transaction's input ({@code <subscriber>/<planHash>} without one)</td></tr>
 *   <tr><td>{@code SubscriptionCharged} in the activating transaction</td><td>{@link BillingEvent.PaymentConfirmed} of the
 *       checkout: the first period was paid with the subscription</td></tr>
 *   <tr><td>{@code SubscriptionCharged} (renewal)</td><td>{@link BillingEvent.SubscriptionCharged}</td></tr>
 *   <tr><td>{@code ChargeSkipped}</td><td>{@link BillingEvent.SubscriptionChargeSkipped}, or a non-final
 *       {@link BillingEvent.SubscriptionChargeFailed} for {@code PaymentFailed}</td></tr>
 *   <tr><td>{@code SubscriptionRetryScheduled} / {@code SubscriptionFailedFinal}</td><td>{@link BillingEvent.SubscriptionChargeFailed},
 *       final for the latter</td></tr>
 *   <tr><td>{@code SubscriptionCancelled}</td><td>{@link BillingEvent.SubscriptionCancelled}</td></tr>
 *   <tr><td>{@code PlanStatusChanged}</td><td>{@link BillingEvent.PlanStatusChanged} ({@code PlanCreated} adds nothing: the same
 *       transaction emits {@code PlanStatusChanged(None → Active)})</td></tr>
 *   <tr><td>{@code ListingPurchased} of a listing the author key signed</td><td>{@link BillingEvent.PaymentConfirmed}</td></tr>
 *   <tr><td>a one-time checkout's listing expired unbought</td><td>{@link BillingEvent.PaymentFailed} (id {@code listing-expired:<hash>}),
 *       in the page whose blocks cross the expiry: the contract refuses the listing from then on</td></tr>
 * </table>
 *
 * <p><b>Reorganisations.</b> The cursor carries the hash of its block. When the chain no longer has that block, a
 * reorganisation deeper than the confirmation depth happened: the reader rewinds {@code confirmations + 1} blocks
 * before it (or to the new chain's last final block, if that is lower) and reads again. Events still on the chain come back with their ids, which the gateway deduplicates;
 * {@code evm_reorg_total} counts the rewinds.
 */
public final class EventReader {
    private final EvmNetwork network;
    private final Map<String, String> assetOfPlan = new ConcurrentHashMap<>();

    public EventReader(EvmNetwork network) {
        this.network = requireNonNull(network, "network is null");
    }

    public EventPage poll(PollEventsRequest request) {
        requireNonNull(request, "request is null");
        long chainId = network.settings().evmChainId();
        EventCursor cursor = request.cursor().map(text -> EventCursor.parse(text, chainId))
                .orElseGet(() -> EventCursor.before(chainId, network.settings().startBlock()));
        BlockCache blocks = new BlockCache();
        cursor = checkForReorg(cursor, blocks);

        long head = blockNumber();
        long safe = head - network.settings().confirmations();
        if (safe <= cursor.block()) {
            return new EventPage(List.of(), cursor.encode(), true);
        }
        long from = cursor.block() + 1;
        long to = Math.min(safe, cursor.block() + network.settings().logRange());
        List<Positioned> events = new ArrayList<>(decode(logs(from, to), blocks));
        int eventsInLastBlock = (int) events.stream().filter(event -> event.block() == to).count();
        events.addAll(expiredListings(cursor, to, eventsInLastBlock, blocks));

        int skip = cursor.skip();
        List<Positioned> remaining = events.stream()
                .filter(event -> event.block() > from || event.indexInBlock() >= skip)
                .toList();
        if (remaining.size() <= request.maxEvents()) {
            EthBlock.Block last = blocks.get(to);
            EventCursor next = new EventCursor(chainId, to, last.getHash(), 0);
            return new EventPage(remaining.stream().map(Positioned::event).toList(), next.encode(), to == safe);
        }
        List<Positioned> page = remaining.subList(0, request.maxEvents());
        Positioned lastReturned = page.getLast();
        long partialBlock = lastReturned.block();
        long before = partialBlock - 1;
        String beforeHash = before == cursor.block() ? cursor.blockHash() : before < 0 ? EventCursor.NO_HASH : blocks.get(before).getHash();
        EventCursor next = new EventCursor(chainId, before, beforeHash, lastReturned.indexInBlock() + 1);
        return new EventPage(page.stream().map(Positioned::event).toList(), next.encode(), false);
    }

    /** An event and where it sits: its block, and its position among the block's events. */
    private record Positioned(long block, int indexInBlock, BillingEvent event) {
    }

    private EventCursor checkForReorg(EventCursor cursor, BlockCache blocks) {
        if (!cursor.hasHash()) {
            return cursor;
        }
        Optional<EthBlock.Block> current = blocks.find(cursor.block());
        if (current.isPresent() && current.get().getHash().equalsIgnoreCase(cursor.blockHash())) {
            return cursor;
        }
        // The fork point is unknown: go back below the confirmation depth, and never past the new head's final blocks.
        long finalOnNewChain = blockNumber() - network.settings().confirmations();
        long rewound = Math.max(network.settings().startBlock() - 1,
                Math.min(cursor.block() - network.settings().confirmations() - 1, finalOnNewChain));
        network.metrics().increment("evm_reorg_total", Map.of());
        network.log().log(System.Logger.Level.WARNING, "network " + network.settings().network() + ": block " + cursor.block() + " is no longer "
                + cursor.blockHash() + " (a reorganisation deeper than " + network.settings().confirmations() + " confirmations); reading again from block "
                + (rewound + 1));
        String hash = rewound < 0 ? EventCursor.NO_HASH : blocks.get(rewound).getHash();
        return new EventCursor(cursor.chainId(), rewound, hash, 0);
    }

    private List<Positioned> decode(List<Log> logs, BlockCache blocks) {
        List<Positioned> events = new ArrayList<>();
        Map<String, String> inputs = new HashMap<>();
        Map<String, Integer> activationsInTransaction = new HashMap<>();
        Map<String, String> activated = new HashMap<>();
        long currentBlock = -1;
        int indexInBlock = 0;
        for (Log log : logs) {
            long block = log.getBlockNumber().longValueExact();
            if (block != currentBlock) {
                currentBlock = block;
                indexInBlock = 0;
            }
            Instant occurredAt = Instant.ofEpochSecond(blocks.get(block).getTimestamp().longValueExact());
            for (BillingEvent event : normalise(log, occurredAt, inputs, activationsInTransaction, activated)) {
                events.add(new Positioned(block, indexInBlock++, event));
            }
        }
        return events;
    }

    private List<BillingEvent> normalise(Log log, Instant occurredAt, Map<String, String> inputs, Map<String, Integer> activationsInTransaction,
                                         Map<String, String> activated) {
        Optional<SubscriptionEvent> subscriptionEvent = network.subscriptions().decode(log);
        if (subscriptionEvent.isPresent()) {
            return subscription(subscriptionEvent.get(), occurredAt, inputs, activationsInTransaction, activated);
        }
        Optional<PlanEvent> planEvent = network.plans().decode(log);
        if (planEvent.isPresent() && planEvent.get() instanceof PlanEvent.StatusChanged changed
                && changed.status() != io.billinggateway.contracts.PlanStatus.NONE) {
            return List.of(new BillingEvent.PlanStatusChanged(id(changed.location()), occurredAt, changed.planHash(), PlanRegistrar.fromContract(changed.status())));
        }
        Optional<MarketplaceEvent> marketplaceEvent = network.marketplace().flatMap(marketplace -> marketplace.decode(log));
        if (marketplaceEvent.isPresent() && marketplaceEvent.get() instanceof MarketplaceEvent.Purchased purchased
                && purchased.seller().equals(network.authorLane().address())) {
            return List.of(new BillingEvent.PaymentConfirmed(id(purchased.location()), occurredAt, purchased.listingHash(),
                    purchased.location().transactionHash(), new Money(purchased.amount(), assetCode(purchased.paymentToken()))));
        }
        return List.of();
    }

    private List<BillingEvent> subscription(SubscriptionEvent event, Instant occurredAt, Map<String, String> inputs,
                                            Map<String, Integer> activationsInTransaction, Map<String, String> activated) {
        String id = id(event.location());
        String transaction = event.location().transactionHash();
        return switch (event) {
            case SubscriptionEvent.Activated activation -> {
                int ordinal = activationsInTransaction.merge(transaction, 1, Integer::sum) - 1;
                List<String> tags = CheckoutTag.find(inputs.computeIfAbsent(transaction, this::input));
                String reference = ordinal < tags.size() ? tags.get(ordinal) : activation.subscriber() + "/" + activation.planHash();
                activated.put(transaction + "/" + activation.subscriptionId(), reference);
                yield List.of(new BillingEvent.SubscriptionActivated(id, occurredAt, reference, activation.subscriptionId().toString(),
                        Optional.of(activation.nextChargeAt())));
            }
            case SubscriptionEvent.Charged charged -> {
                Money amount = new Money(charged.amount(), assetOfPlan(charged.planHash()));
                String checkout = activated.get(transaction + "/" + charged.subscriptionId());
                yield checkout != null
                        ? List.of(new BillingEvent.PaymentConfirmed(id, occurredAt, checkout, transaction, amount))
                        : List.of(new BillingEvent.SubscriptionCharged(id, occurredAt, charged.subscriptionId().toString(), transaction, amount,
                        Optional.of(charged.nextChargeAt())));
            }
            case SubscriptionEvent.ChargeSkipped skipped -> {
                String ref = skipped.subscriptionId().toString();
                yield List.of(switch (Charges.skippedOutcome(ref, skipped.reason())) {
                    case ChargeOutcome.Skipped outcome -> new BillingEvent.SubscriptionChargeSkipped(id, occurredAt, ref, outcome.reason());
                    case ChargeOutcome.Failed failed -> new BillingEvent.SubscriptionChargeFailed(id, occurredAt, ref, failed.code(), failed.message(), false);
                    default -> throw new IllegalStateException("a skipped charge is skipped or failed");
                });
            }
            case SubscriptionEvent.RetryScheduled retry -> List.of(new BillingEvent.SubscriptionChargeFailed(id, occurredAt,
                    retry.subscriptionId().toString(), ErrorCode.INSUFFICIENT_FUNDS,
                    "renewal attempt " + retry.attempt() + " failed; the contract allows the next at " + retry.retryAt(), false));
            case SubscriptionEvent.FailedFinal failed -> List.of(new BillingEvent.SubscriptionChargeFailed(id, occurredAt,
                    failed.subscriptionId().toString(), ErrorCode.INSUFFICIENT_FUNDS,
                    "renewal failed finally after " + failed.attempts() + " attempts; deposit refunded: " + failed.refunded(), true));
            case SubscriptionEvent.Cancelled cancelled -> List.of(new BillingEvent.SubscriptionCancelled(id, occurredAt, cancelled.subscriptionId().toString()));
            case SubscriptionEvent.DepositAdded ignored -> List.of();
            case SubscriptionEvent.RefundDeferred ignored -> List.of();
        };
    }

    /**
     * A {@link BillingEvent.PaymentFailed} for each one-time checkout whose listing expired within the blocks after
     * the cursor up to {@code to} and was not bought: from then on the Marketplace refuses it, so the failure is final.
     */
    private List<Positioned> expiredListings(EventCursor cursor, long to, int eventsInLastBlock, BlockCache blocks) {
        long after = cursor.block() < 0 ? Long.MIN_VALUE : blocks.get(cursor.block()).getTimestamp().longValueExact();
        long until = blocks.get(to).getTimestamp().longValueExact();
        List<StoredCheckout> expired = network.state().checkouts(checkout -> checkout.kind().equals(CheckoutKind.ONE_TIME.name())
                && checkout.listing() != null && checkout.listing().expiry() >= after && checkout.listing().expiry() < until);
        if (expired.isEmpty() || network.marketplace().isEmpty()) {
            return List.of();
        }
        List<Positioned> events = new ArrayList<>();
        int indexInBlock = eventsInLastBlock;
        for (StoredCheckout checkout : expired.stream().sorted(Comparator.comparing(StoredCheckout::providerReference)).toList()) {
            String listingHash = checkout.providerReference();
            boolean bought = ContractFailures.read("reading listing " + listingHash, () -> network.marketplace().orElseThrow().isConsumed(listingHash));
            network.state().putCheckout(checkout.settle(bought ? "paid" : "expired"));
            if (!bought) {
                events.add(new Positioned(to, indexInBlock++, new BillingEvent.PaymentFailed("listing-expired:" + listingHash,
                        Instant.ofEpochSecond(until), listingHash, ErrorCode.PAYMENT_DECLINED,
                        "the payer did not buy before the listing expired at " + Instant.ofEpochSecond(checkout.listing().expiry()))));
            }
        }
        return events;
    }

    private String assetOfPlan(String planHash) {
        return assetOfPlan.computeIfAbsent(planHash, hash -> ContractFailures.read("reading plan " + hash, () -> network.plans().getPlan(hash))
                .map(RegisteredPlan::token)
                .map(this::assetCode)
                .orElse("unknown-plan"));
    }

    private String assetCode(String token) {
        return network.settings().assetAt(token).map(Asset::code).orElse(Hex.address(token));
    }

    private List<Log> logs(long from, long to) {
        List<String> addresses = new ArrayList<>(List.of(network.settings().planManager(), network.settings().subscriptionManager()));
        network.settings().marketplace().ifPresent(addresses::add);
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
        EthLog response = rpc(() -> network.web3j().ethGetLogs(filter).send(), "eth_getLogs of blocks " + from + "-" + to);
        if (response.hasError()) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "eth_getLogs of blocks " + from + "-" + to + " failed: " + response.getError().getMessage());
        }
        return response.getLogs().stream()
                .map(result -> (Log) result.get())
                .filter(log -> !log.isRemoved())
                .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
                .toList();
    }

    private String input(String transactionHash) {
        EthTransaction response = rpc(() -> network.web3j().ethGetTransactionByHash(transactionHash).send(), "eth_getTransactionByHash " + transactionHash);
        return response.getTransaction().map(org.web3j.protocol.core.methods.response.Transaction::getInput).orElse("");
    }

    private long blockNumber() {
        return rpc(() -> network.web3j().ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact();
    }

    private static String id(EventLocation location) {
        return location.transactionHash() + ":" + location.logIndex();
    }

    private interface Call<T> {
        T send() throws IOException;
    }

    private <T> T rpc(Call<T> call, String what) {
        try {
            return call.send();
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "network '" + network.settings().network() + "': " + what + " failed: " + e.getMessage(), e);
        }
    }

    /** Block headers read during one poll. */
    private final class BlockCache {
        private final Map<Long, Optional<EthBlock.Block>> headers = new HashMap<>();

        Optional<EthBlock.Block> find(long number) {
            return headers.computeIfAbsent(number, key -> Optional.ofNullable(rpc(() -> network.web3j()
                    .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(key)), false).send(), "eth_getBlockByNumber " + key).getBlock()));
        }

        EthBlock.Block get(long number) {
            return find(number).orElseThrow(() -> new BillingException(ErrorCode.NETWORK_UNAVAILABLE,
                    "network '" + network.settings().network() + "': the node does not have block " + number + " yet"));
        }
    }
}
