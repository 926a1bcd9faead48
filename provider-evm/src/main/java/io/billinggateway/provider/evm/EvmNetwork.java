package io.billinggateway.provider.evm;

import io.billinggateway.contracts.Eip712Domain;
import io.billinggateway.contracts.Marketplace;
import io.billinggateway.contracts.PlanManager;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.provider.evm.state.ProviderState;
import io.billinggateway.provider.evm.transaction.Receipts;
import io.billinggateway.provider.evm.transaction.SenderLane;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.ProviderMetrics;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything the parts of one network's provider share: its settings, its node, the contract bindings, one
 * sender lane per key, receipts, the persisted state, and the host's clock, metrics and logger.
 */
public final class EvmNetwork {
    private final EvmSettings settings;
    private final Web3j web3j;
    private final PlanManager plans;
    private final SubscriptionManager subscriptions;
    private final Optional<Marketplace> marketplace;
    private final SenderLane authorLane;
    private final SenderLane automationLane;
    private final Optional<SenderLane> operatorLane;
    private final Receipts receipts;
    private final ProviderState state;
    private final Clock clock;
    private final ProviderMetrics metrics;
    private final System.Logger log;

    public EvmNetwork(EvmSettings settings, Web3j web3j, SenderLane authorLane, SenderLane automationLane, Optional<SenderLane> operatorLane,
                      ProviderState state, Clock clock, ProviderMetrics metrics, System.Logger log) {
        this.settings = requireNonNull(settings, "settings is null");
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.plans = PlanManager.at(settings.planManager(), web3j);
        this.subscriptions = SubscriptionManager.at(settings.subscriptionManager(), web3j);
        this.marketplace = settings.marketplace().map(address -> Marketplace.at(address, web3j));
        this.authorLane = requireNonNull(authorLane, "authorLane is null");
        this.automationLane = requireNonNull(automationLane, "automationLane is null");
        this.operatorLane = requireNonNull(operatorLane, "operatorLane is null");
        this.receipts = new Receipts(web3j, settings.receiptTimeout());
        this.state = requireNonNull(state, "state is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
    }

    public EvmSettings settings() {
        return settings;
    }

    public Web3j web3j() {
        return web3j;
    }

    public PlanManager plans() {
        return plans;
    }

    public SubscriptionManager subscriptions() {
        return subscriptions;
    }

    public Optional<Marketplace> marketplace() {
        return marketplace;
    }

    /** The author key's lane: createPlan, the author's own status changes. */
    public SenderLane authorLane() {
        return authorLane;
    }

    /** The AUTOMATION key's lane: chargeBatch, markFailedCharge. */
    public SenderLane automationLane() {
        return automationLane;
    }

    /**
     * The OPERATOR key's lane: freezing plans, force-cancelling.
     *
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} naming {@code operator-key} when none is configured
     */
    public SenderLane operatorLane(String needingIt) {
        return operatorLane.orElseThrow(() -> new BillingException(ErrorCode.CONFIGURATION_INVALID, "network '" + settings.network() + "': "
                + needingIt + " needs the OPERATOR role; set billing.networks." + settings.network() + "." + EvmSettings.OPERATOR_KEY));
    }

    public boolean hasOperator() {
        return operatorLane.isPresent();
    }

    public Receipts receipts() {
        return receipts;
    }

    public ProviderState state() {
        return state;
    }

    public Clock clock() {
        return clock;
    }

    public ProviderMetrics metrics() {
        return metrics;
    }

    public System.Logger log() {
        return log;
    }

    public Eip712Domain planDomain() {
        return Eip712Domain.planManager(settings.evmChainId(), settings.planManager());
    }

    /** The chain's own time: the latest block's timestamp, which contracts compare expiries with. */
    public Instant chainTime() {
        try {
            EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
            if (latest == null) {
                throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "network '" + settings.network() + "': the node returned no latest block");
            }
            return Instant.ofEpochSecond(latest.getTimestamp().longValueExact());
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "network '" + settings.network() + "': reading the latest block failed: " + e.getMessage(), e);
        }
    }

    /** The later of the host's clock and the chain's time, for deadlines the chain enforces. */
    public Instant now() {
        Instant host = clock.instant();
        Instant chain = chainTime();
        return chain.isAfter(host) ? chain : host;
    }
}
