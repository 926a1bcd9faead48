package io.billinggateway.provider.evm.checkout;

import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.Eip712Domain;
import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.Listing;
import io.billinggateway.contracts.Marketplace;
import io.billinggateway.contracts.RegisteredPlan;
import io.billinggateway.contracts.Subscription;
import io.billinggateway.contracts.TypedData;
import io.billinggateway.provider.evm.ContractFailures;
import io.billinggateway.provider.evm.EvmNetwork;
import io.billinggateway.provider.evm.EvmSettings;
import io.billinggateway.provider.evm.plan.PlanRegistrar;
import io.billinggateway.provider.evm.state.StoredCheckout;
import io.billinggateway.provider.evm.state.StoredItem;
import io.billinggateway.provider.evm.state.StoredListing;
import io.billinggateway.provider.evm.transaction.GasEstimates;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.PlanStatus;
import org.web3j.crypto.Hash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Builds what a payer's wallet signs and sends, bound to the exact terms.
 *
 * <ul>
 *   <li><b>Subscription</b>: {@code SubscriptionManager.subscribe(planHash)}. The plan hash is the EIP-712 digest of
 *   the plan's terms (author, merchant, token, price, period), so the payer consents to those terms and no others.
 *   A native-coin plan sends the first period plus {@code deposit-periods} renewals as a refundable deposit; an
 *   ERC-20 plan needs an allowance to the PaymentGateway first. The {@link CheckoutTag} ties the activation to this
 *   checkout. The contract takes no deadline, so the payload's deadline is advisory for subscriptions.</li>
 *   <li><b>One-time</b>: {@code Marketplace.buy(listing, signature, token, price)} with a listing the author key
 *   signs for this checkout alone (its salt is derived from the checkout id); the listing's expiry is the deadline
 *   and the contract enforces it. The listing hash is the reference {@code ListingPurchased} carries.</li>
 * </ul>
 *
 * <p>Gas is estimated for the payer's account, so {@code payerAccount} is required. A repeated checkout id returns
 * the stored answer.
 */
public final class Checkouts {
    private final EvmNetwork network;

    public Checkouts(EvmNetwork network) {
        this.network = requireNonNull(network, "network is null");
    }

    public CheckoutResult checkout(CheckoutRequest request) {
        requireNonNull(request, "request is null");
        if (request.kind() == CheckoutKind.ONE_TIME && network.marketplace().isEmpty()) {
            throw BillingException.unsupported("evm", "checkout(ONE_TIME)", Capability.ONE_TIME_PAYMENT);
        }
        Optional<StoredCheckout> existing = network.state().checkout(request.checkoutId());
        if (existing.isPresent()) {
            StoredCheckout stored = existing.get();
            if (!stored.providerPlanRef().equals(request.providerPlanRef()) || !stored.kind().equals(request.kind().name())) {
                throw new BillingException(ErrorCode.CONFLICT, "checkout '" + request.checkoutId() + "' was started for another plan or kind");
            }
            return result(stored);
        }
        Asset asset = asset(request.amount().asset());
        String payer = payer(request);
        StoredCheckout created = request.kind() == CheckoutKind.SUBSCRIPTION
                ? subscription(request, asset, payer)
                : oneTime(request, asset, payer);
        network.state().putCheckout(created);
        return result(created);
    }

    /** The wallet transaction with which a subscriber ends their own subscription (the deposit is refunded). */
    public CheckoutPayload.WalletTransaction unsubscribe(Subscription subscription) {
        ContractCall call = network.subscriptions().unsubscribe(subscription.subscriptionId());
        BigInteger gas = estimate(subscription.subscriber(), call, "unsubscribe of subscription " + subscription.subscriptionId());
        return new CheckoutPayload.WalletTransaction(network.settings().chainId(), call.to(), call.data(), call.value(), gas, deadline());
    }

    private StoredCheckout subscription(CheckoutRequest request, Asset asset, String payer) {
        String ref = request.providerPlanRef();
        if (!PlanRegistrar.isPlanHash(ref)) {
            throw notFound(ref);
        }
        String planHash = Hex.bytes32(ref);
        RegisteredPlan plan = ContractFailures.read("reading plan " + planHash, () -> network.plans().getPlan(planHash)).orElseThrow(() -> notFound(ref));
        if (plan.status() != io.billinggateway.contracts.PlanStatus.ACTIVE) {
            throw new BillingException(ErrorCode.CONFLICT, "plan " + planHash + " is " + PlanRegistrar.fromContract(plan.status()) + " and takes no new subscribers");
        }
        requireTerms(request, asset, plan.token(), plan.price(), planHash);
        boolean nativeCoin = plan.token().equals(Hex.ZERO_ADDRESS);
        BigInteger value = nativeCoin ? plan.price().multiply(BigInteger.valueOf(1L + network.settings().depositPeriods())) : BigInteger.ZERO;
        String reference = CheckoutTag.reference(network.settings().evmChainId(), network.settings().subscriptionManager(), request.checkoutId());
        ContractCall subscribe = network.subscriptions().subscribe(planHash).withValue(value);
        ContractCall call = new ContractCall(subscribe.to(), CheckoutTag.append(subscribe.data(), reference), value);
        BigInteger gas = estimate(payer, call, "subscribe to plan " + planHash);
        return new StoredCheckout(request.checkoutId(), CheckoutKind.SUBSCRIPTION.name(), ref, payer, reference, call.to(), call.data(), value, gas,
                deadline().getEpochSecond(), null, null);
    }

    private StoredCheckout oneTime(CheckoutRequest request, Asset asset, String payer) {
        Marketplace marketplace = network.marketplace().orElseThrow();
        String ref = request.providerPlanRef();
        StoredItem item = network.state().item(ref).orElseThrow(() -> notFound(ref));
        if (!item.status().equals(PlanStatus.ACTIVE.name())) {
            throw new BillingException(ErrorCode.CONFLICT, "product " + ref + " is " + item.status() + " and cannot be bought now");
        }
        String token = EvmSettings.addressOf(network.settings().assets().stream().filter(candidate -> candidate.code().equals(item.asset()))
                .findFirst().orElseThrow(() -> new BillingException(ErrorCode.CONFIGURATION_INVALID, "product " + ref + " is priced in "
                        + item.asset() + ", which network '" + network.settings().network() + "' no longer offers")));
        requireTerms(request, asset, token, item.price(), ref);
        Instant expiry = deadline();
        BigInteger salt = new BigInteger(1, Hash.sha3(("billing-gateway/listing\n" + request.checkoutId()).getBytes(StandardCharsets.UTF_8)));
        Listing listing = new Listing(network.authorLane().address(), token, item.price(), ref.substring(PlanRegistrar.ITEM_PREFIX.length()), salt, expiry);
        String listingHash = TypedData.hashListing(Eip712Domain.marketplace(network.settings().evmChainId(), marketplace.address()), listing);
        String signature = TypedData.sign(listingHash, network.settings().author().getEcKeyPair());
        BigInteger value = token.equals(Hex.ZERO_ADDRESS) ? item.price() : BigInteger.ZERO;
        ContractCall call = marketplace.buy(listing, signature, token, item.price(), value);
        BigInteger gas = estimate(payer, call, "buy of " + ref);
        return new StoredCheckout(request.checkoutId(), CheckoutKind.ONE_TIME.name(), ref, payer, listingHash, call.to(), call.data(), value, gas,
                expiry.getEpochSecond(), new StoredListing(listing.seller(), listing.token(), listing.price(), listing.itemId(), salt,
                expiry.getEpochSecond(), signature), null);
    }

    private CheckoutResult result(StoredCheckout stored) {
        Instant deadline = Instant.ofEpochSecond(stored.deadline());
        return new CheckoutResult(stored.providerReference(), new CheckoutPayload.WalletTransaction(network.settings().chainId(), stored.to(), stored.data(),
                stored.value(), stored.gasLimit(), deadline), Optional.of(deadline));
    }

    private BigInteger estimate(String from, ContractCall call, String what) {
        try {
            return GasEstimates.estimate(network.web3j(), from, call, what + " from " + from);
        }
        catch (ContractRevertException e) {
            BillingException mapped = ContractFailures.revert(what + " from " + from, e);
            if (e.errorName().equals("InsufficientAllowance")) {
                throw new BillingException(ErrorCode.INSUFFICIENT_FUNDS, what + ": the payer " + from + " must first approve the PaymentGateway"
                        + network.settings().paymentGateway().map(address -> " " + address).orElse("") + " to spend " + e.arguments().get(1)
                        + " of the token (allowance now " + e.arguments().get(0) + ")", e);
            }
            throw mapped;
        }
    }

    private void requireTerms(CheckoutRequest request, Asset asset, String token, BigInteger price, String ref) {
        if (!EvmSettings.addressOf(asset).equals(token)) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, ref + " is priced in " + network.settings().assetAt(token).map(Asset::code).orElse(token)
                    + ", not " + asset.code());
        }
        if (!request.amount().minorUnits().equals(price)) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, ref + " costs " + price + " " + asset.code() + ", not " + request.amount());
        }
    }

    private Instant deadline() {
        return network.now().plus(network.settings().checkoutTtl()).truncatedTo(ChronoUnit.SECONDS);
    }

    private String payer(CheckoutRequest request) {
        String account = request.payerAccount().map(String::strip).orElseThrow(() -> new BillingException(ErrorCode.INVALID_REQUEST,
                "payerAccount is required on EVM network '" + network.settings().network() + "': the wallet address that will send the "
                        + "transaction, for which its gas is estimated"));
        if (!Hex.isAddress(account)) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "payerAccount must be an address (0x and 40 hex digits), got '" + account + "'");
        }
        return Hex.address(account);
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
