package io.billinggateway.provider.evm.plan;

import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.Plan;
import io.billinggateway.contracts.RegisteredPlan;
import io.billinggateway.contracts.TypedData;
import io.billinggateway.provider.evm.ContractFailures;
import io.billinggateway.provider.evm.EvmNetwork;
import io.billinggateway.provider.evm.EvmSettings;
import io.billinggateway.provider.evm.state.StoredItem;
import io.billinggateway.provider.evm.state.StoredPlan;
import io.billinggateway.provider.evm.transaction.Receipts;
import io.billinggateway.provider.evm.transaction.SenderLane;
import io.billinggateway.provider.evm.transaction.SentTransaction;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Registers plans on one network and changes their status.
 *
 * <p>A recurring plan becomes an EIP-712 {@code Plan} signed by the author key and published with
 * {@code PlanManager.createPlan}; its plan hash (the EIP-712 digest, which binds chain, contract and terms) is the
 * {@code providerPlanRef}. The salt is derived from the plan id and version, and the signed plan is kept in the
 * provider's state before it is sent, so registering the same plan id and version again finds the same plan hash
 * (on chain, or by re-sending the same signature while it is valid) instead of publishing a second plan. A new
 * version is new terms and always a new plan hash.
 *
 * <p>A one-time product needs nothing on chain: it is sold through a Marketplace listing signed per checkout.
 * Its {@code providerPlanRef} is {@code item:<itemId>}, the item id derived from plan id and version.
 */
public final class PlanRegistrar {
    public static final String ITEM_PREFIX = "item:";

    private final EvmNetwork network;
    private final Map<String, Object> registrationLocks = new ConcurrentHashMap<>();

    public PlanRegistrar(EvmNetwork network) {
        this.network = requireNonNull(network, "network is null");
    }

    public PlanRegistration register(PlanDefinition plan) {
        requireNonNull(plan, "plan is null");
        Asset asset = asset(plan.price().asset());
        if (plan.billingPeriod().isEmpty()) {
            return registerItem(plan, asset);
        }
        Duration period = plan.billingPeriod().get();
        if (period.getNano() != 0 || period.getSeconds() < 1) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "an on-chain billing period is a whole number of seconds, got " + period);
        }
        // Two registrations of one plan version at once must not sign it twice (with two expiries, two hashes).
        synchronized (registrationLocks.computeIfAbsent(plan.planId() + "#" + plan.version(), ignored -> new Object())) {
            Optional<StoredPlan> stored = network.state().plan(plan.planId(), plan.version());
            if (stored.isPresent()) {
                requireSameTerms(plan, asset, stored.get());
                return resume(stored.get());
            }
            return publish(sign(plan.planId(), plan.version(), asset, plan.price().minorUnits(), period, network.now()));
        }
    }

    public PlanStatusChange changeStatus(ChangePlanStatusRequest request) {
        requireNonNull(request, "request is null");
        String ref = request.providerPlanRef();
        if (ref.startsWith(ITEM_PREFIX)) {
            StoredItem item = network.state().item(ref).orElseThrow(() -> notFound(ref));
            if (!item.status().equals(request.target().name())) {
                network.state().putItem(item.withStatus(request.target().name()));
            }
            return new PlanStatusChange(ref, request.target(), Optional.empty());
        }
        if (!isPlanHash(ref)) {
            throw notFound(ref);
        }
        String planHash = Hex.bytes32(ref);
        RegisteredPlan plan = onChain(planHash).orElseThrow(() -> notFound(ref));
        io.billinggateway.contracts.PlanStatus target = toContract(request.target());
        if (plan.status() == target) {
            return new PlanStatusChange(ref, request.target(), Optional.empty());
        }
        boolean authorMay = plan.author().equals(network.authorLane().address())
                && plan.status() != io.billinggateway.contracts.PlanStatus.FROZEN && target != io.billinggateway.contracts.PlanStatus.FROZEN;
        SenderLane lane = authorMay ? network.authorLane() : network.operatorLane("moving plan " + planHash + " from " + plan.status() + " to " + target);
        SentTransaction sent;
        try {
            sent = lane.send(network.plans().setPlanStatus(planHash, target), "setPlanStatus");
        }
        catch (ContractRevertException e) {
            throw ContractFailures.revert("setPlanStatus(" + planHash + ", " + target + ")", e);
        }
        TransactionReceipt receipt = awaitSuccess(sent, "setPlanStatus of plan " + planHash);
        return new PlanStatusChange(ref, request.target(), Optional.of(receipt.getTransactionHash()));
    }

    /** The status of a registered plan on chain, or of a one-time item in the state. */
    public Optional<PlanStatus> status(String providerPlanRef) {
        if (providerPlanRef.startsWith(ITEM_PREFIX)) {
            return network.state().item(providerPlanRef).map(item -> PlanStatus.valueOf(item.status()));
        }
        if (!isPlanHash(providerPlanRef)) {
            return Optional.empty();
        }
        return onChain(Hex.bytes32(providerPlanRef)).map(plan -> fromContract(plan.status()));
    }

    public static boolean isPlanHash(String ref) {
        return ref != null && ref.matches("0x[0-9a-fA-F]{64}");
    }

    public static PlanStatus fromContract(io.billinggateway.contracts.PlanStatus status) {
        return switch (status) {
            case ACTIVE -> PlanStatus.ACTIVE;
            case INACTIVE -> PlanStatus.INACTIVE;
            case FROZEN -> PlanStatus.FROZEN;
            case NONE -> throw new IllegalArgumentException("a registered plan has a status");
        };
    }

    private static io.billinggateway.contracts.PlanStatus toContract(PlanStatus status) {
        return switch (status) {
            case ACTIVE -> io.billinggateway.contracts.PlanStatus.ACTIVE;
            case INACTIVE -> io.billinggateway.contracts.PlanStatus.INACTIVE;
            case FROZEN -> io.billinggateway.contracts.PlanStatus.FROZEN;
        };
    }

    private PlanRegistration registerItem(PlanDefinition plan, Asset asset) {
        if (network.marketplace().isEmpty()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "network '" + network.settings().network() + "' sells no one-time products: "
                    + "set billing.networks." + network.settings().network() + "." + EvmSettings.MARKETPLACE_ADDRESS);
        }
        String ref = ITEM_PREFIX + itemId(plan.planId(), plan.version());
        Optional<StoredItem> existing = network.state().item(ref);
        if (existing.isPresent()) {
            if (!existing.get().asset().equals(asset.code()) || !existing.get().price().equals(plan.price().minorUnits())) {
                throw changedTerms(plan);
            }
            return new PlanRegistration(ref, PlanStatus.valueOf(existing.get().status()), Optional.empty(), Optional.empty(), Optional.empty());
        }
        network.state().putItem(new StoredItem(ref, plan.planId(), plan.version(), asset.code(), plan.price().minorUnits(), PlanStatus.ACTIVE.name()));
        return new PlanRegistration(ref, PlanStatus.ACTIVE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The item id a one-time product's listings carry: keccak256 of plan id and version. */
    public static String itemId(String planId, long version) {
        return Hex.bytes32(Hash.sha3(("billing-gateway/item\n" + planId + "\n" + version).getBytes(StandardCharsets.UTF_8)));
    }

    /** The salt of a recurring plan: keccak256 of plan id and version, so the same registration signs the same plan. */
    static BigInteger salt(String planId, long version) {
        return new BigInteger(1, Hash.sha3(("billing-gateway/plan\n" + planId + "\n" + version).getBytes(StandardCharsets.UTF_8)));
    }

    private StoredPlan sign(String planId, long version, Asset asset, BigInteger price, Duration period, Instant now) {
        String author = network.authorLane().address();
        String uri = "urn:billing-gateway:plan:" + URLEncoder.encode(planId, StandardCharsets.UTF_8) + ":v" + version;
        Plan plan = new Plan(author, network.settings().merchantAddress(), EvmSettings.addressOf(asset), price, period,
                salt(planId, version), now.plus(network.settings().planSignatureTtl()), uri);
        String planHash = TypedData.hashPlan(network.planDomain(), plan);
        String signature = TypedData.sign(planHash, network.settings().author().getEcKeyPair());
        StoredPlan stored = new StoredPlan(planId, version, planHash, signature, plan.author(), plan.merchant(),
                plan.token(), plan.price(), period.getSeconds(), plan.salt(), plan.expiry().getEpochSecond(), uri, null);
        network.state().putPlan(stored);
        return stored;
    }

    /** Finishes a registration begun earlier: the plan is on chain, its transaction is still on its way, or it is sent again. */
    private PlanRegistration resume(StoredPlan stored) {
        Optional<RegisteredPlan> existing = onChain(stored.planHash());
        if (existing.isPresent()) {
            return registration(stored, fromContract(existing.get().status()), Optional.ofNullable(stored.transactionHash()));
        }
        if (stored.transactionHash() != null && network.receipts().lookup(stored.transactionHash()) instanceof Receipts.Status.Waiting) {
            TransactionReceipt receipt = awaitSuccess(stored.transactionHash(), "createPlan of plan " + stored.planHash());
            return registration(stored, PlanStatus.ACTIVE, Optional.of(receipt.getTransactionHash()));
        }
        Instant now = network.now();
        if (Instant.ofEpochSecond(stored.expiry()).isAfter(now.plusSeconds(60))) {
            return publish(stored);
        }
        // The signature expired before the plan was published: nothing exists on chain, so signing anew creates no second plan.
        Asset asset = network.settings().assetAt(stored.token()).orElseThrow(() -> new BillingException(ErrorCode.CONFIGURATION_INVALID,
                "plan " + stored.planHash() + " was signed for token " + stored.token() + ", which network '" + network.settings().network() + "' no longer offers"));
        return publish(sign(stored.planId(), stored.version(), asset, stored.price(), Duration.ofSeconds(stored.periodSeconds()), now));
    }

    private PlanRegistration publish(StoredPlan stored) {
        Plan plan = new Plan(stored.author(), stored.merchant(), stored.token(), stored.price(), Duration.ofSeconds(stored.periodSeconds()),
                stored.salt(), Instant.ofEpochSecond(stored.expiry()), stored.uri());
        SentTransaction sent;
        try {
            sent = network.authorLane().send(network.plans().createPlan(plan, stored.signature()), "createPlan");
        }
        catch (ContractRevertException e) {
            if (e.errorName().equals("PlanAlreadyExists")) {
                // Someone submitted the same signed plan first; it is the same plan.
                return registration(stored, onChain(stored.planHash()).map(found -> fromContract(found.status())).orElse(PlanStatus.ACTIVE), Optional.empty());
            }
            throw ContractFailures.revert("createPlan of plan " + stored.planHash(), e);
        }
        network.state().putPlan(stored.withTransaction(sent.hash()));
        TransactionReceipt receipt = awaitSuccess(sent, "createPlan of plan " + stored.planHash());
        return registration(stored, PlanStatus.ACTIVE, Optional.of(receipt.getTransactionHash()));
    }

    private TransactionReceipt awaitSuccess(SentTransaction sent, String what) {
        return awaitSuccess(sent.hash(), what);
    }

    private TransactionReceipt awaitSuccess(String hash, String what) {
        TransactionReceipt receipt = network.receipts().await(hash).orElseThrow(() -> new BillingException(ErrorCode.TIMEOUT,
                what + ": transaction " + hash + " was not mined within " + network.receipts().timeout() + "; asking again checks it by hash"));
        if (!receipt.isStatusOK()) {
            throw new BillingException(ErrorCode.INTERNAL, what + ": transaction " + hash + " reverted on chain");
        }
        return receipt;
    }

    private PlanRegistration registration(StoredPlan stored, PlanStatus status, Optional<String> transaction) {
        return new PlanRegistration(stored.planHash(), status, Optional.of(stored.planHash()), Optional.of(stored.signature()), transaction);
    }

    private Optional<RegisteredPlan> onChain(String planHash) {
        return ContractFailures.read("reading plan " + planHash, () -> network.plans().getPlan(planHash));
    }

    private void requireSameTerms(PlanDefinition plan, Asset asset, StoredPlan stored) {
        if (!stored.price().equals(plan.price().minorUnits()) || !stored.token().equals(EvmSettings.addressOf(asset))
                || stored.periodSeconds() != plan.billingPeriod().orElseThrow().getSeconds()) {
            throw changedTerms(plan);
        }
    }

    private BillingException changedTerms(PlanDefinition plan) {
        return new BillingException(ErrorCode.CONFLICT, "plan '" + plan.planId() + "' version " + plan.version() + " is already registered on network '"
                + network.settings().network() + "' with other terms; new terms need a new version");
    }

    private Asset asset(String code) {
        return network.settings().assets().stream()
                .filter(asset -> asset.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new BillingException(ErrorCode.INVALID_REQUEST, "network '" + network.settings().network() + "' has no asset '" + code
                        + "'; it offers " + network.settings().assets().stream().map(Asset::code).toList()));
    }

    private BillingException notFound(String ref) {
        return new BillingException(ErrorCode.NOT_FOUND, "no plan '" + ref + "' is registered on network '" + network.settings().network() + "'");
    }
}
