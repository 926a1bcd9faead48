package io.billinggateway.provider.evm.charge;

import io.billinggateway.contracts.RegisteredPlan;
import io.billinggateway.contracts.Subscription;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.provider.evm.ContractFailures;
import io.billinggateway.provider.evm.EvmNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The chain's own record of a subscription's renewals: its {@code SubscriptionCharged} logs. Asked when the provider
 * has no record of a period the chain says is not due (its data directory was lost, or the process crashed between
 * sending a chargeBatch and writing its state), so that a repeated charge answers what the first one did instead of
 * {@code NOT_DUE}.
 *
 * <p>Which log paid the period starting at {@code P}: every {@code SubscriptionCharged} (the activation's as well)
 * carries the next charge time it set. The log that set {@code P} was mined at most one period before {@code P}; the
 * subscription's next {@code SubscriptionCharged} after it is the charge of {@code P}, whenever it came (a late charge
 * restarts the schedule, so its own next charge time says nothing about {@code P}). A period that no log set (a
 * missed period, an invented date) was never charged.
 */
final class ChargeHistory {
    private final EvmNetwork network;

    ChargeHistory(EvmNetwork network) {
        this.network = requireNonNull(network, "network is null");
    }

    /** The log of the renewal that paid the period starting at {@code periodStart}, if the chain has one. */
    Optional<SubscriptionEvent.Charged> chargeOf(BigInteger subscriptionId, Instant periodStart) {
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(periodStart, "periodStart is null");
        Optional<Subscription> subscription = ContractFailures.read("reading subscription " + subscriptionId,
                () -> network.subscriptions().getSubscription(subscriptionId));
        if (subscription.isEmpty() || !subscription.get().nextChargeAt().isAfter(periodStart)) {
            // unknown, or the chain's schedule has not passed the period yet: nothing paid it
            return Optional.empty();
        }
        Optional<RegisteredPlan> plan = ContractFailures.read("reading plan " + subscription.get().planHash(),
                () -> network.plans().getPlan(subscription.get().planHash()));
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        long head = rpc(() -> network.web3j().ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact();
        long from = firstBlockAtOrAfter(periodStart.minus(plan.get().period()), head);
        List<SubscriptionEvent.Charged> charges = charges(subscriptionId, from, head);
        for (int index = 0; index + 1 < charges.size(); index++) {
            if (charges.get(index).nextChargeAt().equals(periodStart)) {
                return Optional.of(charges.get(index + 1));
            }
        }
        return Optional.empty();
    }

    /** The subscription's SubscriptionCharged logs in blocks {@code from..to}, oldest first, at most {@code log-range} blocks per query. */
    private List<SubscriptionEvent.Charged> charges(BigInteger subscriptionId, long from, long to) {
        String idTopic = Numeric.toHexStringWithPrefixZeroPadded(subscriptionId, 64);
        List<SubscriptionEvent.Charged> charges = new ArrayList<>();
        for (long start = from; start <= to; start += network.settings().logRange()) {
            long end = Math.min(to, start + network.settings().logRange() - 1);
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(start)), DefaultBlockParameter.valueOf(BigInteger.valueOf(end)),
                    network.settings().subscriptionManager());
            // every SubscriptionManager event about a subscription indexes its id first; the event itself is told apart by decoding
            filter.addNullTopic();
            filter.addSingleTopic(idTopic);
            long first = start;
            EthLog response = rpc(() -> network.web3j().ethGetLogs(filter).send(), "eth_getLogs of subscription " + subscriptionId + " in blocks " + first + "-" + end);
            if (response.hasError()) {
                throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "network '" + network.settings().network() + "': eth_getLogs of subscription "
                        + subscriptionId + " in blocks " + start + "-" + end + " failed: " + response.getError().getMessage());
            }
            response.getLogs().stream()
                    .map(result -> (Log) result.get())
                    .filter(log -> !log.isRemoved())
                    .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
                    .map(log -> network.subscriptions().decode(log))
                    .flatMap(Optional::stream)
                    .filter(SubscriptionEvent.Charged.class::isInstance)
                    .map(SubscriptionEvent.Charged.class::cast)
                    .filter(charged -> charged.subscriptionId().equals(subscriptionId))
                    .forEach(charges::add);
        }
        return charges;
    }

    /**
     * The first block at or after {@code time} up to {@code head} (the head when none is). Searched from block 0, not from
     * {@code start-block}: that setting only says where event polling begins, and a charge may lie before it.
     */
    private long firstBlockAtOrAfter(Instant time, long head) {
        long low = 0;
        long high = head;
        while (low < high) {
            long middle = low + (high - low) / 2;
            if (blockTime(middle).isBefore(time)) {
                low = middle + 1;
            }
            else {
                high = middle;
            }
        }
        return low;
    }

    private Instant blockTime(long number) {
        EthBlock.Block block = rpc(() -> network.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send(),
                "eth_getBlockByNumber " + number).getBlock();
        if (block == null) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "network '" + network.settings().network() + "': the node does not have block " + number);
        }
        return Instant.ofEpochSecond(block.getTimestamp().longValueExact());
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
}
