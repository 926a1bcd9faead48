// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CoreSystemClient} from "./CoreSystemClient.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IPaymentGateway} from "./interfaces/IPaymentGateway.sol";
import {IPlanManager} from "./interfaces/IPlanManager.sol";
import {Roles} from "./Roles.sol";

/// @title Recurring subscriptions to PlanManager plans, charged by the AUTOMATION account.
/// @notice Native-coin plans are paid from a deposit the subscriber tops up and gets back on cancellation;
/// ERC-20 plans are pulled from the subscriber's wallet through the PaymentGateway (allowance or EIP-2612
/// permit to the gateway). The first period is paid on subscribe.
///
/// Charging rules:
/// - a subscription is due when `block.timestamp >= nextChargeAt` and its retry time has passed;
/// - `nextChargeAt` moves forward before any money moves, and always past the current block, so one
///   subscription can be charged at most once per period, even twice in one batch or block;
/// - a batch never reverts because of one item: every item ends in `SubscriptionCharged` or
///   `ChargeSkipped(subscriptionId, reason)`;
/// - a subscription is bound to the plan hash it consented to; plans are immutable, so new terms are a
///   new plan and an Inactive or Frozen plan stops renewals (`PlanInactive`).
contract SubscriptionManager is CoreSystemClient, ReentrancyGuardTransient {
    enum Status {
        None,
        Active,
        Cancelled,
        Failed
    }

    /// Why a charge did not happen. The first four are the seed's codes; the rest are explicit extras.
    enum SkipReason {
        NoPlan,
        NotDue,
        InsufficientBalance,
        PlanInactive,
        SubscriptionInactive,
        PaymentFailed
    }

    struct Subscription {
        address subscriber;
        uint40 nextChargeAt;
        uint40 retryAt;
        Status status;
        uint8 failedAttempts;
        bytes32 planHash;
        uint256 deposit;
    }

    address private constant NATIVE = address(0);
    /// Gas forwarded with a pushed refund: enough for smart-contract wallets, too little to grief the caller.
    uint256 private constant REFUND_GAS = 50_000;

    bytes32 public immutable instanceId;
    uint256 public batchLimit;
    uint8 public maxRetries;
    uint32 public retryDelay;
    uint256 public lastSubscriptionId;

    mapping(uint256 subscriptionId => Subscription) private _subscriptions;
    mapping(address subscriber => mapping(bytes32 planHash => uint256 subscriptionId)) public activeSubscriptionOf;
    mapping(address account => uint256) public refundOwed;

    event SubscriptionActivated(
        uint256 indexed subscriptionId,
        bytes32 indexed planHash,
        address indexed subscriber,
        uint64 nextChargeAt,
        uint256 deposit
    );
    event SubscriptionCharged(
        uint256 indexed subscriptionId,
        bytes32 indexed planHash,
        address indexed subscriber,
        uint256 amount,
        uint256 fee,
        uint64 nextChargeAt
    );
    event ChargeSkipped(uint256 indexed subscriptionId, SkipReason reason);
    event SubscriptionRetryScheduled(uint256 indexed subscriptionId, uint8 attempt, uint64 retryAt);
    event SubscriptionFailedFinal(uint256 indexed subscriptionId, uint8 attempts, uint256 refunded);
    event SubscriptionCancelled(
        uint256 indexed subscriptionId,
        address indexed subscriber,
        address indexed cancelledBy,
        uint256 refunded,
        string reason
    );
    event DepositAdded(uint256 indexed subscriptionId, address indexed from, uint256 amount, uint256 deposit);
    event RefundDeferred(address indexed account, uint256 amount);
    event BatchLimitChanged(uint256 previousLimit, uint256 limit);
    event RetryPolicyChanged(uint8 maxRetries, uint32 retryDelay);

    error PlanNotFound(bytes32 planHash);
    error PlanNotActive(bytes32 planHash);
    error TokenNotSupported(address token);
    error AlreadySubscribed(uint256 subscriptionId);
    error InsufficientDeposit(uint256 required, uint256 provided);
    error NativeValueNotAccepted();
    error InsufficientAllowance(uint256 allowance, uint256 required);
    error InsufficientBalance(uint256 balance, uint256 required);
    error BatchTooLarge(uint256 size, uint256 limit);
    error SubscriptionNotActive(uint256 subscriptionId);
    error NotSubscriber(uint256 subscriptionId, address caller);
    error ChargeNotDue(uint256 subscriptionId);
    error SubscriptionChargeable(uint256 subscriptionId);
    error NotNativePlan(uint256 subscriptionId);
    error NothingToClaim();
    error InvalidBatchLimit();
    error ChargeOutOfGas(uint256 gasAvailable);

    constructor(ICoreSystem core_, bytes32 instanceId_, uint256 batchLimit_, uint8 maxRetries_, uint32 retryDelay_)
        CoreSystemClient(core_)
    {
        if (batchLimit_ == 0) revert InvalidBatchLimit();
        instanceId = instanceId_;
        batchLimit = batchLimit_;
        maxRetries = maxRetries_;
        retryDelay = retryDelay_;
        emit BatchLimitChanged(0, batchLimit_);
        emit RetryPolicyChanged(maxRetries_, retryDelay_);
    }

    function typeAndVersion() external pure returns (string memory) {
        return "SubscriptionManager 1.0.0";
    }

    // ---------------------------------------------------------------- subscribing

    /// @notice Subscribes the caller to `planHash` and pays the first period. For a native-coin plan
    /// `msg.value` is the deposit (at least one period); the rest stays as deposit for renewals. For an
    /// ERC-20 plan the gateway must already be approved for at least one period.
    function subscribe(bytes32 planHash) external payable nonReentrant returns (uint256) {
        return _subscribe(planHash);
    }

    /// @notice Like `subscribe` for an ERC-20 plan, first applying an EIP-2612 permit for the gateway.
    /// The permit may have been front-run (its nonce already used): that is ignored and the allowance is
    /// checked instead, so a griefer cannot block the subscription.
    function subscribeWithPermit(bytes32 planHash, uint256 permitValue, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256)
    {
        IPlanManager.PlanTerms memory terms = _planManager().getPlanTerms(planHash);
        if (terms.status == IPlanManager.PlanStatus.None) revert PlanNotFound(planHash);
        if (terms.token == NATIVE) revert TokenNotSupported(NATIVE);
        try IERC20Permit(terms.token).permit(msg.sender, address(_gateway()), permitValue, deadline, v, r, s) {}
            catch {}
        return _subscribe(planHash);
    }

    /// @notice Adds to the deposit of a native-coin subscription. Anyone may top up anyone's subscription.
    function deposit(uint256 subscriptionId) external payable nonReentrant {
        Subscription storage subscription = _subscriptions[subscriptionId];
        if (subscription.status != Status.Active) revert SubscriptionNotActive(subscriptionId);
        if (_planManager().getPlanTerms(subscription.planHash).token != NATIVE) revert NotNativePlan(subscriptionId);
        subscription.deposit += msg.value;
        emit DepositAdded(subscriptionId, msg.sender, msg.value, subscription.deposit);
    }

    /// @notice Ends the caller's subscription and refunds the remaining deposit.
    function unsubscribe(uint256 subscriptionId) external nonReentrant {
        Subscription storage subscription = _subscriptions[subscriptionId];
        if (subscription.subscriber != msg.sender) revert NotSubscriber(subscriptionId, msg.sender);
        _cancel(subscriptionId, subscription, "unsubscribed");
    }

    /// @notice Ends any active subscription and refunds its deposit to the subscriber. OPERATOR only.
    function forceCancel(uint256 subscriptionId, string calldata reason) external nonReentrant onlyRole(Roles.OPERATOR) {
        _cancel(subscriptionId, _subscriptions[subscriptionId], reason);
    }

    /// @notice Withdraws refunds that could not be pushed (e.g. the subscriber's contract rejected the coin).
    function claimRefund() external nonReentrant {
        uint256 amount = refundOwed[msg.sender];
        if (amount == 0) revert NothingToClaim();
        refundOwed[msg.sender] = 0;
        (bool sent,) = payable(msg.sender).call{value: amount}("");
        if (!sent) revert NothingToClaim();
    }

    // ---------------------------------------------------------------- charging

    /// @notice Charges one subscription if it is due. AUTOMATION only. Never reverts because of the
    /// subscription's state: the outcome is `SubscriptionCharged` or `ChargeSkipped`.
    function charge(uint256 subscriptionId) external nonReentrant onlyRole(Roles.AUTOMATION) returns (bool charged) {
        ChargeContext memory context = _chargeContext();
        return _charge(subscriptionId, context);
    }

    /// @notice Charges up to `batchLimit` subscriptions; each item is charged or skipped on its own.
    /// @return chargedCount how many items were charged.
    function chargeBatch(uint256[] calldata subscriptionIds)
        external
        nonReentrant
        onlyRole(Roles.AUTOMATION)
        returns (uint256 chargedCount)
    {
        if (subscriptionIds.length > batchLimit) revert BatchTooLarge(subscriptionIds.length, batchLimit);
        ChargeContext memory context = _chargeContext();
        for (uint256 i = 0; i < subscriptionIds.length; ++i) {
            if (_charge(subscriptionIds[i], context)) ++chargedCount;
        }
    }

    /// @notice Records that a due subscription could not be paid. Schedules a retry after
    /// `retryDelay * attempt`, or after `maxRetries` retries ends the subscription and refunds its deposit.
    /// AUTOMATION only, and only for a due subscription that cannot be charged right now, so a compromised
    /// keeper cannot fail a healthy subscription or burn its retries in one block.
    function markFailedCharge(uint256 subscriptionId) external nonReentrant onlyRole(Roles.AUTOMATION) {
        Subscription storage subscription = _subscriptions[subscriptionId];
        if (subscription.status != Status.Active) revert SubscriptionNotActive(subscriptionId);
        ChargeContext memory context = _chargeContext();
        (bool chargeable, SkipReason reason,) = _preview(subscription, context);
        if (reason == SkipReason.NotDue) revert ChargeNotDue(subscriptionId);
        if (chargeable) revert SubscriptionChargeable(subscriptionId);
        uint8 attempt = subscription.failedAttempts + 1;
        subscription.failedAttempts = attempt;
        if (attempt <= maxRetries) {
            uint40 retryAt = uint40(block.timestamp + uint256(retryDelay) * attempt);
            subscription.retryAt = retryAt;
            emit SubscriptionRetryScheduled(subscriptionId, attempt, retryAt);
        } else {
            subscription.status = Status.Failed;
            delete activeSubscriptionOf[subscription.subscriber][subscription.planHash];
            uint256 refund = subscription.deposit;
            subscription.deposit = 0;
            emit SubscriptionFailedFinal(subscriptionId, attempt, refund);
            _refund(subscription.subscriber, refund);
        }
    }

    // ---------------------------------------------------------------- governance

    function setBatchLimit(uint256 limit) external onlyRole(Roles.GOVERNOR) {
        if (limit == 0) revert InvalidBatchLimit();
        emit BatchLimitChanged(batchLimit, limit);
        batchLimit = limit;
    }

    function setRetryPolicy(uint8 maxRetries_, uint32 retryDelay_) external onlyRole(Roles.GOVERNOR) {
        maxRetries = maxRetries_;
        retryDelay = retryDelay_;
        emit RetryPolicyChanged(maxRetries_, retryDelay_);
    }

    // ---------------------------------------------------------------- views

    function getSubscription(uint256 subscriptionId) external view returns (Subscription memory) {
        return _subscriptions[subscriptionId];
    }

    /// @return when the subscription is next due (zero for an unknown subscription).
    function nextChargeAt(uint256 subscriptionId) external view returns (uint64) {
        return _subscriptions[subscriptionId].nextChargeAt;
    }

    /// @notice What `charge` would do now, without doing it: for workers' dry runs and retry decisions.
    /// @return chargeable whether a charge would go through; otherwise `reason` says why not.
    /// @return reason the skip reason when not chargeable.
    /// @return amountDue what would be charged (after discounts).
    function previewCharge(uint256 subscriptionId)
        external
        view
        returns (bool chargeable, SkipReason reason, uint256 amountDue)
    {
        (chargeable, reason, amountDue) = _preview(_subscriptions[subscriptionId], _chargeContext());
    }

    // ---------------------------------------------------------------- internals

    struct Schedule {
        uint40 nextChargeAt;
        uint40 retryAt;
        uint8 failedAttempts;
    }

    /// Services resolved once per transaction, and the last plan read, which batches usually share.
    struct ChargeContext {
        IPaymentGateway gateway;
        IPlanManager planManager;
        bytes32 planHash;
        IPlanManager.PlanTerms terms;
    }

    function _subscribe(bytes32 planHash) private returns (uint256 subscriptionId) {
        IPaymentGateway gateway = _gateway();
        IPlanManager.PlanTerms memory terms = _planManager().getPlanTerms(planHash);
        if (terms.status == IPlanManager.PlanStatus.None) revert PlanNotFound(planHash);
        if (terms.status != IPlanManager.PlanStatus.Active) revert PlanNotActive(planHash);
        if (!gateway.isPairSupported(terms.token, terms.token)) revert TokenNotSupported(terms.token);
        uint256 existing = activeSubscriptionOf[msg.sender][planHash];
        if (existing != 0) revert AlreadySubscribed(existing);

        (uint256 amountDue,) = gateway.quote(msg.sender, terms.merchant, terms.token, terms.price);
        uint256 remainingDeposit;
        if (terms.token == NATIVE) {
            if (msg.value < amountDue) revert InsufficientDeposit(amountDue, msg.value);
            remainingDeposit = msg.value - amountDue;
        } else {
            if (msg.value != 0) revert NativeValueNotAccepted();
            uint256 allowance = IERC20(terms.token).allowance(msg.sender, address(gateway));
            if (allowance < amountDue) revert InsufficientAllowance(allowance, amountDue);
            uint256 balance = IERC20(terms.token).balanceOf(msg.sender);
            if (balance < amountDue) revert InsufficientBalance(balance, amountDue);
        }

        subscriptionId = ++lastSubscriptionId;
        uint40 next = uint40(block.timestamp + terms.period);
        _subscriptions[subscriptionId] = Subscription({
            subscriber: msg.sender,
            nextChargeAt: next,
            retryAt: 0,
            status: Status.Active,
            failedAttempts: 0,
            planHash: planHash,
            deposit: remainingDeposit
        });
        activeSubscriptionOf[msg.sender][planHash] = subscriptionId;

        uint256 value = terms.token == NATIVE ? amountDue : 0;
        (uint256 fee,) = gateway.processPayment{value: value}(msg.sender, terms.merchant, terms.token, amountDue);
        emit SubscriptionActivated(subscriptionId, planHash, msg.sender, next, remainingDeposit);
        emit SubscriptionCharged(subscriptionId, planHash, msg.sender, amountDue, fee, next);
    }

    function _charge(uint256 subscriptionId, ChargeContext memory context) private returns (bool) {
        Subscription storage subscription = _subscriptions[subscriptionId];
        (bool chargeable, SkipReason reason, uint256 amountDue) = _preview(subscription, context);
        if (!chargeable) {
            emit ChargeSkipped(subscriptionId, reason);
            return false;
        }
        bool native = context.terms.token == NATIVE;

        // Effects before the interaction; restored below if the payment itself fails.
        Schedule memory previous = Schedule(subscription.nextChargeAt, subscription.retryAt, subscription.failedAttempts);
        uint256 next = uint256(previous.nextChargeAt) + context.terms.period;
        if (next <= block.timestamp) next = block.timestamp + context.terms.period;
        subscription.nextChargeAt = uint40(next);
        if (previous.retryAt != 0 || previous.failedAttempts != 0) {
            subscription.retryAt = 0;
            subscription.failedAttempts = 0;
        }
        if (native) subscription.deposit -= amountDue;

        (bool paid, uint256 fee) = _pay(context, subscription.subscriber, amountDue);
        if (paid) {
            emit SubscriptionCharged(
                subscriptionId, subscription.planHash, subscription.subscriber, amountDue, fee, uint64(next)
            );
            return true;
        }
        subscription.nextChargeAt = previous.nextChargeAt;
        subscription.retryAt = previous.retryAt;
        subscription.failedAttempts = previous.failedAttempts;
        if (native) subscription.deposit += amountDue;
        emit ChargeSkipped(subscriptionId, SkipReason.PaymentFailed);
        return false;
    }

    /// A payment that reverts (a token that refuses the transfer, a merchant that rejects the coin) is
    /// reported, not propagated, so that the rest of the batch goes on. A payment that ran out of gas is
    /// different: the transaction was sent with too little gas (or estimated too low), so it reverts as a
    /// whole instead of recording a false `PaymentFailed`.
    function _pay(ChargeContext memory context, address subscriber, uint256 amount)
        private
        returns (bool paid, uint256 fee)
    {
        IPlanManager.PlanTerms memory terms = context.terms;
        uint256 value = terms.token == NATIVE ? amount : 0;
        uint256 gasBefore = gasleft();
        try context.gateway.processPayment{value: value}(subscriber, terms.merchant, terms.token, amount) returns (
            uint256 feeTaken, uint256
        ) {
            return (true, feeTaken);
        } catch {
            if (gasleft() < gasBefore / 32) revert ChargeOutOfGas(gasBefore);
            return (false, 0);
        }
    }

    function _preview(Subscription storage subscription, ChargeContext memory context)
        private
        view
        returns (bool chargeable, SkipReason reason, uint256 amountDue)
    {
        Status status = subscription.status;
        if (status == Status.None) return (false, SkipReason.NoPlan, 0);
        if (status != Status.Active) return (false, SkipReason.SubscriptionInactive, 0);
        if (block.timestamp < subscription.nextChargeAt || block.timestamp < subscription.retryAt) {
            return (false, SkipReason.NotDue, 0);
        }
        bytes32 planHash = subscription.planHash;
        if (planHash != context.planHash) {
            context.terms = context.planManager.getPlanTerms(planHash);
            context.planHash = planHash;
        }
        IPlanManager.PlanTerms memory terms = context.terms;
        if (terms.status == IPlanManager.PlanStatus.None) return (false, SkipReason.NoPlan, 0);
        if (terms.status != IPlanManager.PlanStatus.Active) return (false, SkipReason.PlanInactive, 0);
        address subscriber = subscription.subscriber;
        (amountDue,) = context.gateway.quote(subscriber, terms.merchant, terms.token, terms.price);
        if (terms.token == NATIVE) {
            if (subscription.deposit < amountDue) return (false, SkipReason.InsufficientBalance, amountDue);
        } else {
            IERC20 token = IERC20(terms.token);
            if (token.balanceOf(subscriber) < amountDue || token.allowance(subscriber, address(context.gateway)) < amountDue) {
                return (false, SkipReason.InsufficientBalance, amountDue);
            }
        }
        return (true, SkipReason.NoPlan, amountDue);
    }

    function _cancel(uint256 subscriptionId, Subscription storage subscription, string memory reason) private {
        if (subscription.status != Status.Active) revert SubscriptionNotActive(subscriptionId);
        subscription.status = Status.Cancelled;
        delete activeSubscriptionOf[subscription.subscriber][subscription.planHash];
        uint256 refund = subscription.deposit;
        subscription.deposit = 0;
        emit SubscriptionCancelled(subscriptionId, subscription.subscriber, msg.sender, refund, reason);
        _refund(subscription.subscriber, refund);
    }

    /// Pushes a refund; if the receiver rejects it the amount is kept for `claimRefund`, so a subscriber's
    /// contract cannot block an operator's cancellation.
    function _refund(address account, uint256 amount) private {
        if (amount == 0) return;
        (bool sent,) = payable(account).call{value: amount, gas: REFUND_GAS}("");
        if (!sent) {
            refundOwed[account] += amount;
            emit RefundDeferred(account, amount);
        }
    }

    function _chargeContext() private view returns (ChargeContext memory context) {
        context.gateway = _gateway();
        context.planManager = _planManager();
    }

    function _gateway() private view returns (IPaymentGateway) {
        return IPaymentGateway(_service(instanceId, "PaymentGateway"));
    }

    function _planManager() private view returns (IPlanManager) {
        return IPlanManager(_service(instanceId, "PlanManager"));
    }
}
