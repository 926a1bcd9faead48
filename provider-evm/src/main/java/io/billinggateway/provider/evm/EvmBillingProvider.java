package io.billinggateway.provider.evm;

import io.billinggateway.provider.evm.charge.Charges;
import io.billinggateway.provider.evm.checkout.Checkouts;
import io.billinggateway.provider.evm.event.EventReader;
import io.billinggateway.provider.evm.plan.PlanRegistrar;
import io.billinggateway.provider.evm.rpc.FailoverRpcService;
import io.billinggateway.provider.evm.state.ProviderState;
import io.billinggateway.provider.evm.transaction.SenderLane;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.RegisterPlanRequest;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The EVM provider of one network: plans in the PlanManager, subscriptions in the SubscriptionManager, one-time
 * sales through the Marketplace, renewals by {@code chargeBatch} from the AUTOMATION key, events from the
 * contracts' logs. See the module's README for configuration, policies and how to run it.
 */
public final class EvmBillingProvider implements BillingProvider {
    /** The batch size announced when the contract's batchLimit cannot be read at start-up and none is configured. */
    static final int FALLBACK_BATCH_LIMIT = 50;
    private static final Duration STARTUP_READ_LIMIT = Duration.ofSeconds(3);

    private final EvmSettings settings;
    private final FailoverRpcService rpc;
    private final Map<String, SenderLane> lanes;
    private final EvmNetwork network;
    private final NetworkDescription description;
    private final PlanRegistrar plans;
    private final Checkouts checkouts;
    private final Charges charges;
    private final EventReader events;
    private volatile Integer contractBatchLimit;

    private EvmBillingProvider(EvmSettings settings, FailoverRpcService rpc, Map<String, SenderLane> lanes, EvmNetwork network, Optional<Integer> batchLimitAtStart) {
        this.settings = settings;
        this.rpc = rpc;
        this.lanes = lanes;
        this.network = network;
        this.contractBatchLimit = batchLimitAtStart.orElse(null);
        int announced = settings.batchLimit().orElse(batchLimitAtStart.orElse(FALLBACK_BATCH_LIMIT));
        this.description = new NetworkDescription(settings.network(), EvmBillingProviderFactory.PROVIDER_ID, settings.chainId(), settings.assets(),
                capabilities(settings), settings.confirmations(), announced, Optional.of(longestChargeCall(settings)));
        this.plans = new PlanRegistrar(network);
        this.checkouts = new Checkouts(network);
        this.charges = new Charges(network, checkouts, () -> Math.min(description.maxBatchSize(), liveBatchLimit()));
        this.events = new EventReader(network);
    }

    static EvmBillingProvider create(EvmSettings settings, ProviderContext context) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        System.Logger log = System.getLogger(context.loggerName());
        ProviderState state = ProviderState.open(context.dataDirectory());
        FailoverRpcService rpc = new FailoverRpcService(settings.rpcEndpoints(), settings.rpcTimeout(), settings.rpcRecoveryInterval(),
                context.metrics(), log, "evm-" + settings.network() + "-rpc-recovery");
        Web3j web3j = Web3j.build(rpc);
        Map<String, SenderLane> lanes = new LinkedHashMap<>();
        SenderLane authorLane = lane(lanes, settings, settings.author(), web3j, context, log);
        SenderLane automationLane = lane(lanes, settings, settings.automation(), web3j, context, log);
        Optional<SenderLane> operatorLane = settings.operator().map(operator -> lane(lanes, settings, operator, web3j, context, log));
        EvmNetwork network = new EvmNetwork(settings, web3j, authorLane, automationLane, operatorLane, state, context.clock(), context.metrics(), log);
        state.prune(context.clock().instant());
        Optional<Integer> batchLimit = settings.batchLimit().isPresent() ? Optional.empty()
                : readQuickly("batchLimit", () -> network.subscriptions().batchLimit(), log);
        EvmBillingProvider provider = new EvmBillingProvider(settings, rpc, lanes, network, batchLimit);
        LocalChainCheck.warnIfConfirmationsCannotBeReached(settings, rpc, log);
        if (settings.operator().isEmpty()) {
            // One retry budget: the gateway's. Without an operator key its final failure can only be markFailedCharge, which
            // ends nothing while the contract keeps retries of its own; refuse the configuration rather than let them disagree.
            Optional<Integer> contractRetries = readQuickly("maxRetries", () -> network.subscriptions().maxRetries(), log);
            if (contractRetries.filter(retries -> retries > 0).isPresent()) {
                provider.close();
                throw new BillingException(ErrorCode.CONFIGURATION_INVALID, Charges.retryBudgetConflict(settings.network(), contractRetries.get()));
            }
        }
        return provider;
    }

    /** One lane per account: when two roles share a key (local chains), they share its nonce too. */
    private static SenderLane lane(Map<String, SenderLane> lanes, EvmSettings settings, Credentials credentials, Web3j web3j, ProviderContext context,
                                   System.Logger log) {
        String address = credentials.getAddress().toLowerCase(java.util.Locale.ROOT);
        return lanes.computeIfAbsent(address, ignored -> new SenderLane(web3j, credentials, settings.evmChainId(), settings.maxFeePerGasCap(),
                context.metrics(), log, "evm-" + settings.network() + "-sender-" + address.substring(0, 10)));
    }

    private static <T> Optional<T> readQuickly(String what, Supplier<T> read, System.Logger log) {
        try {
            return Optional.of(CompletableFuture.supplyAsync(read).get(STARTUP_READ_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        catch (Exception e) {
            log.log(System.Logger.Level.WARNING, "cannot read the SubscriptionManager's " + what + " at start-up (" + e + "); "
                    + (what.equals("batchLimit") ? "announcing " + FALLBACK_BATCH_LIMIT + " and reading it again before charging"
                    : "reading it again before a final failure"));
            return Optional.empty();
        }
    }

    private static Set<Capability> capabilities(EvmSettings settings) {
        EnumSet<Capability> capabilities = EnumSet.of(Capability.RECURRING_CHARGE, Capability.BATCH_CHARGE, Capability.EVENT_POLLING,
                Capability.PLAN_SIGNATURES);
        if (settings.marketplace().isPresent()) {
            capabilities.add(Capability.ONE_TIME_PAYMENT);
        }
        return capabilities;
    }

    private int liveBatchLimit() {
        if (settings.batchLimit().isPresent()) {
            return settings.batchLimit().getAsInt();
        }
        Integer known = contractBatchLimit;
        if (known == null) {
            known = ContractFailures.read("reading the SubscriptionManager's batchLimit", () -> network.subscriptions().batchLimit());
            contractBatchLimit = known;
        }
        return known;
    }

    /**
     * What one chargeBatch call waits for at most: sending (nonce, fee, gas estimate and the transaction itself, each
     * trying every RPC endpoint for up to {@code rpc-timeout}), then the receipt for up to {@code receipt-timeout}. The
     * previews before it are single calls that end the whole call as soon as no endpoint answers in time.
     */
    static Duration longestChargeCall(EvmSettings settings) {
        return settings.rpcTimeout().multipliedBy(4L * settings.rpcEndpoints().size()).plus(settings.receiptTimeout());
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    @Override
    public HealthReport health() {
        try {
            FailoverRpcService.Probe probe = rpc.probe();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("headBlock", Long.toString(probe.headBlock()));
            details.put("chainId", Long.toString(probe.chainId()));
            details.put("endpoints", Integer.toString(rpc.endpoints().size()));
            rpc.lastFailure().ifPresent(failure -> details.put("lastRpcFailure", failure));
            network.metrics().gauge("evm_head_block", probe.headBlock(), Map.of());
            if (probe.chainId() != settings.evmChainId()) {
                details.put("reason", "the RPC endpoint serves chain " + probe.chainId() + ", not the configured " + settings.evmChainId());
                return new HealthReport(HealthReport.Status.DOWN, Optional.of(probe.latency()), Optional.of(probe.endpoint().displayName()), details);
            }
            HealthReport.Status status = probe.endpoint().primary() ? HealthReport.Status.UP : HealthReport.Status.DEGRADED;
            return new HealthReport(status, Optional.of(probe.latency()), Optional.of(probe.endpoint().displayName()), details);
        }
        catch (RuntimeException e) {
            return new HealthReport(HealthReport.Status.DOWN, Optional.empty(), Optional.of(rpc.activeEndpoint().displayName()),
                    Map.of("reason", String.valueOf(e.getMessage())));
        }
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        requireNonNull(request, "request is null");
        return guarded("registerPlan", () -> plans.register(request.plan()));
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        requireNonNull(request, "request is null");
        return guarded("changePlanStatus", () -> plans.changeStatus(request));
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        requireNonNull(request, "request is null");
        if (request.kind() == CheckoutKind.ONE_TIME && !description.supports(Capability.ONE_TIME_PAYMENT)) {
            throw BillingException.unsupported(EvmBillingProviderFactory.PROVIDER_ID, "checkout(ONE_TIME)", Capability.ONE_TIME_PAYMENT);
        }
        return guarded("checkout", () -> checkouts.checkout(request));
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        requireNonNull(request, "request is null");
        return guarded("chargeBatch", () -> charges.chargeBatch(request));
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        requireNonNull(request, "request is null");
        return guarded("cancelSubscription", () -> charges.cancel(request));
    }

    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        requireNonNull(request, "request is null");
        return guarded("pollEvents", () -> events.poll(request));
    }

    /** Every failure leaves as a {@link BillingException}; node failures the bindings throw are {@link ErrorCode#NETWORK_UNAVAILABLE}. */
    private <T> T guarded(String operation, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RuntimeException e) {
            throw ContractFailures.of(operation + " on network '" + settings.network() + "'", e);
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(SenderLane::close);
        rpc.close();
    }
}
