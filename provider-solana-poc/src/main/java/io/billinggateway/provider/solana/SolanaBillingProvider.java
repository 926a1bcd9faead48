package io.billinggateway.provider.solana;

import io.billinggateway.provider.solana.pay.ReferenceKeys;
import io.billinggateway.provider.solana.pay.TransferRequest;
import io.billinggateway.provider.solana.rpc.SolanaRpcClient;
import io.billinggateway.provider.solana.store.CheckoutRecord;
import io.billinggateway.provider.solana.store.PlanRecord;
import io.billinggateway.provider.solana.store.ProviderStore;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One Solana network: checkouts are Solana Pay transfer requests, confirmed by polling the chain for transfers
 * that carry their reference. See the module's README.
 */
final class SolanaBillingProvider implements BillingProvider {
    private static final Pattern CURSOR = Pattern.compile("v1\\.([0-9a-f]{1,32})\\.([0-9]{1,18})");
    private static final String PLAN_REF_PREFIX = "solplan_";

    private final SolanaSettings settings;
    private final NetworkDescription description;
    private final ProviderContext context;
    private final SolanaRpcClient rpc;
    private final ProviderStore store;
    private final ReferenceWatcher watcher;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock pollLock = new ReentrantLock();
    private final ReentrantLock checkoutLock = new ReentrantLock();
    private volatile String genesisHash;

    private SolanaBillingProvider(SolanaSettings settings, NetworkDescription description, ProviderContext context, SolanaRpcClient rpc, ProviderStore store) {
        this.settings = settings;
        this.description = description;
        this.context = context;
        this.rpc = rpc;
        this.store = store;
        this.watcher = new ReferenceWatcher(settings.recipient(), description, rpc, store, context.clock(), context.metrics(),
                System.getLogger(context.loggerName()), settings.signatureLimit());
    }

    static SolanaBillingProvider start(NetworkConfig config, SolanaSettings settings, ProviderContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        NetworkDescription description = new NetworkDescription(config.network(), SolanaBillingProviderFactory.PROVIDER_ID, config.chainId(), settings.assets(),
                SolanaBillingProviderFactory.CAPABILITIES, settings.commitment().confirmations(), 1);
        ProviderStore store = ProviderStore.open(context.dataDirectory());
        SolanaRpcClient rpc = new SolanaRpcClient(settings.rpcUrl(), settings.rpcTimeout(), settings.commitment(), context.metrics());
        return new SolanaBillingProvider(settings, description, context, rpc, store);
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    /**
     * {@code getHealth} and {@code getSlot} within {@code health-timeout}, and once {@code getGenesisHash}: a node of
     * another cluster than the configured chain id (CAIP-2 {@code solana:<first 32 characters of the genesis hash>})
     * is DOWN.
     */
    @Override
    public HealthReport health() {
        long started = System.nanoTime();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("commitment", settings.commitment().rpcName());
        details.put("pending-checkouts", Integer.toString(store.pending().size()));
        try {
            Duration deadline = settings.healthTimeout();
            String nodeHealth;
            try {
                nodeHealth = rpc.health(deadline);
            }
            catch (BillingException e) {
                if (e.code() != ErrorCode.NETWORK_UNAVAILABLE || !e.getMessage().contains(" refused ")) {
                    throw e;
                }
                // The node answers but calls itself unhealthy (behind the cluster): still usable, if late.
                nodeHealth = e.getMessage();
            }
            long slot = rpc.slot(deadline);
            details.put("slot", Long.toString(slot));
            String genesis = genesisHash;
            if (genesis == null) {
                genesis = rpc.genesisHash(deadline);
                genesisHash = genesis;
            }
            details.put("genesis-hash", genesis);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (description.chainId().namespace().equals("solana") && !genesis.startsWith(description.chainId().reference())) {
                details.put("reason", "the RPC node serves the cluster with genesis hash " + genesis + ", not chain " + description.chainId());
                return new HealthReport(HealthReport.Status.DOWN, Optional.of(latency), Optional.of(rpc.endpointName()), details);
            }
            HealthReport.Status status = HealthReport.Status.UP;
            if (!"ok".equals(nodeHealth)) {
                status = HealthReport.Status.DEGRADED;
                details.put("node-health", nodeHealth);
            }
            return new HealthReport(status, Optional.of(latency), Optional.of(rpc.endpointName()), details);
        }
        catch (BillingException e) {
            details.put("reason", e.getMessage());
            return new HealthReport(HealthReport.Status.DOWN, Optional.of(Duration.ofNanos(System.nanoTime() - started)), Optional.of(rpc.endpointName()), details);
        }
        catch (RuntimeException e) {
            details.put("reason", "health probe failed: " + e.getClass().getSimpleName());
            return new HealthReport(HealthReport.Status.DOWN, Optional.empty(), Optional.of(rpc.endpointName()), details);
        }
    }

    /**
     * A local price: Solana Pay has no on-chain plans. The reference is derived from plan id and version, so a
     * repeat returns the same registration; the same version with other terms is a {@link ErrorCode#CONFLICT}.
     * Recurring plans are refused: there is no way to pull a renewal from a Solana wallet here.
     */
    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        requireNonNull(request, "request is null");
        PlanDefinition plan = request.plan();
        if (plan.recurring()) {
            throw BillingException.unsupported(SolanaBillingProviderFactory.PROVIDER_ID, "registerPlan of a recurring plan (" + plan.planId() + ")",
                    Capability.RECURRING_CHARGE);
        }
        Asset asset = description.asset(plan.price().asset());
        if (plan.price().isZero()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "plan " + plan.planId() + " has no price; a transfer request asks for a positive amount of " + asset.code());
        }
        PlanRecord wanted = new PlanRecord(planReference(plan.planId(), plan.version()), plan.planId(), plan.version(), plan.name(), plan.price(), PlanStatus.ACTIVE);
        PlanRecord registered = store.registerPlan(wanted);
        if (!registered.price().equals(plan.price())) {
            throw new BillingException(ErrorCode.CONFLICT, "plan " + plan.planId() + " version " + plan.version() + " is registered with price " + registered.price()
                    + ", not " + plan.price() + "; new terms need a new version");
        }
        return new PlanRegistration(registered.providerPlanRef(), registered.status(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        requireNonNull(request, "request is null");
        PlanRecord changed = store.changePlanStatus(request.providerPlanRef(), request.target());
        return new PlanStatusChange(changed.providerPlanRef(), changed.status(), Optional.empty());
    }

    /**
     * A Solana Pay transfer request for the plan's price to the configured recipient, with a reference key of its
     * own. The same checkout id returns the same request.
     */
    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        requireNonNull(request, "request is null");
        if (request.kind() != CheckoutKind.ONE_TIME) {
            throw BillingException.unsupported(SolanaBillingProviderFactory.PROVIDER_ID, "checkout(" + request.kind() + ")", Capability.RECURRING_CHARGE);
        }
        checkoutLock.lock();
        try {
            Optional<CheckoutRecord> existing = store.checkout(request.checkoutId());
            if (existing.isPresent()) {
                CheckoutRecord checkout = existing.get();
                if (!checkout.providerPlanRef().equals(request.providerPlanRef()) || !checkout.amount().equals(request.amount())) {
                    throw new BillingException(ErrorCode.CONFLICT, "checkout " + request.checkoutId() + " was started for plan " + checkout.providerPlanRef()
                            + " and " + checkout.amount() + "; a repeated checkout id must carry the same terms");
                }
                return result(checkout);
            }
            PlanRecord plan = store.plan(request.providerPlanRef())
                    .orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "plan '" + request.providerPlanRef() + "' is not registered on network '"
                            + description.network() + "'"));
            if (plan.status() != PlanStatus.ACTIVE) {
                throw new BillingException(ErrorCode.CONFLICT, "plan '" + plan.providerPlanRef() + "' is " + plan.status() + " and cannot be bought now");
            }
            Asset asset = description.asset(request.amount().asset());
            if (!request.amount().equals(plan.price())) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "checkout amount " + request.amount() + " differs from the price " + plan.price()
                        + " of plan '" + plan.providerPlanRef() + "'");
            }
            String reference = newReference(request.checkoutId());
            Instant now = context.clock().instant();
            TransferRequest transfer = new TransferRequest(settings.recipient(), TransferRequest.wholeUnits(request.amount().minorUnits(), asset.decimals()),
                    asset.address(), reference, settings.label(), Optional.of(plan.name()), Optional.of(request.checkoutId()));
            CheckoutRecord checkout;
            try {
                checkout = new CheckoutRecord(request.checkoutId(), reference, plan.providerPlanRef(), request.amount(), transfer.toUri(), now,
                        now.plus(settings.checkoutTtl()));
            }
            catch (IllegalArgumentException e) {
                throw new BillingException(ErrorCode.INVALID_REQUEST, "cannot build the transfer request: " + e.getMessage());
            }
            return result(store.addCheckout(checkout));
        }
        finally {
            checkoutLock.unlock();
        }
    }

    /**
     * Checks the chain for the transfers of pending checkouts, then returns recorded outcomes after the cursor.
     * The cursor ({@code v1.<journal id>.<event number>}) is a position in the provider's own journal of outcomes;
     * the checkouts to watch are in the data directory, so they survive restarts whatever the cursor.
     *
     * @throws BillingException {@link ErrorCode#INVALID_REQUEST} for a cursor this provider did not write; an RPC
     *         failure ({@link ErrorCode#NETWORK_UNAVAILABLE}, {@link ErrorCode#TIMEOUT}) only when it has nothing
     *         recorded to return
     */
    @Override
    public EventPage pollEvents(PollEventsRequest request) {
        requireNonNull(request, "request is null");
        long after = request.cursor().map(this::position).orElse(0L);
        Optional<BillingException> failure = Optional.empty();
        if (pollLock.tryLock()) {
            try {
                watcher.checkPending();
            }
            catch (BillingException e) {
                failure = Optional.of(e);
            }
            finally {
                pollLock.unlock();
            }
        }
        List<BillingEvent> events = store.eventsAfter(after, request.maxEvents());
        if (events.isEmpty() && failure.isPresent()) {
            throw failure.get();
        }
        long next = after + events.size();
        return new EventPage(events, cursor(next), next >= store.lastSequence() && failure.isEmpty());
    }

    @Override
    public void close() {
        rpc.close();
        store.close();
    }

    private CheckoutResult result(CheckoutRecord checkout) {
        return new CheckoutResult(checkout.reference(), new CheckoutPayload.PaymentRequestUri(checkout.uri(), checkout.reference()), Optional.of(checkout.expiresAt()));
    }

    private String newReference(String checkoutId) {
        Optional<Secret> secret = settings.referenceSecret();
        if (secret.isPresent()) {
            String reference = ReferenceKeys.derived(secret.get().revealBytes(), description.network(), checkoutId);
            if (store.referenceInUse(reference)) {
                throw new BillingException(ErrorCode.INTERNAL, "the derived reference of checkout " + checkoutId + " is already in use");
            }
            return reference;
        }
        String reference;
        do {
            reference = ReferenceKeys.random(random);
        }
        while (store.referenceInUse(reference));
        return reference;
    }

    private long position(String cursor) {
        Matcher matcher = CURSOR.matcher(cursor);
        if (!matcher.matches()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "'" + cursor + "' is not a solana-poc event cursor (v1.<journal>.<position>)");
        }
        // A cursor of another journal (the data directory was replaced) restarts from the beginning; event ids make repeats harmless.
        return matcher.group(1).equals(store.journalId()) ? Long.parseLong(matcher.group(2)) : 0L;
    }

    private String cursor(long position) {
        return "v1." + store.journalId() + "." + position;
    }

    private static String planReference(String planId, long version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((planId + "\n" + version).getBytes(StandardCharsets.UTF_8));
            return PLAN_REF_PREFIX + HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
