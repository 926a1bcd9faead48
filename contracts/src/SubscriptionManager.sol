// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CoreSystemClient} from "./CoreSystemClient.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IPaymentGateway} from "./interfaces/IPaymentGateway.sol";
import {IPlanManager, MIN_PLAN_PERIOD, MAX_PLAN_PERIOD} from "./interfaces/IPlanManager.sol";
import {Roles} from "./Roles.sol";
import {SuiteVersion} from "./SuiteVersion.sol";

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
///   `ChargeSkipped(subscriptionId, reason)`; the payment call gets at most `PAYMENT_GAS_LIMIT` gas and
///   whatever happens inside it (a revert with any payload, a token hook running out of gas) is that
///   item's `PaymentFailed`; every view the preview consults is bounded the same way;
/// - the terms consented to (merchant, token, price, period) are copied into the subscription at
///   subscribe; a renewal pays that merchant in that token at most that price, whatever the registry,
///   the gateway or the plan manager say later. The plan's status still counts: an Inactive or Frozen plan
///   stops renewals (`PlanInactive`).
contract SubscriptionManager is CoreSystemClient, ReentrancyGuardTransient {
    using SafeCast for uint256;

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

    /// What the subscriber agreed to, copied from the plan at subscribe.
    struct Terms {
        address merchant;
        uint64 period;
        address token;
        uint256 price;
    }

    uint16 public constant SUITE_VERSION = SuiteVersion.VERSION;
    /// Gas the payment of one item may use (the gateway, the token and its hooks together).
    uint256 public constant PAYMENT_GAS_LIMIT = 500_000;
    /// Gas the gateway's quote (with its discount policy) may use.
    uint256 public constant QUOTE_GAS_LIMIT = 150_000;
    /// Gas each other view of the preview may use (plan status, token balance and allowance).
    uint256 public constant VIEW_GAS_LIMIT = 50_000;
    /// The most retries the governor can allow; keeps the attempt counter and retry times in range.
    uint8 public constant MAX_RETRIES = 30;
    /// The shortest retry delay: a failure can be counted at most once per hour.
    uint32 public constant MIN_RETRY_DELAY = 1 hours;
    /// The longest retry delay.
    uint32 public constant MAX_RETRY_DELAY = 30 days;

    address private constant NATIVE = address(0);
    /// Gas forwarded with a pushed refund: enough for smart-contract wallets, too little to grief the caller.
    uint256 private constant REFUND_GAS = 50_000;
    /// Gas kept back around a capped call for the call itself (cold account, value transfer).
    uint256 private constant CALL_OVERHEAD_GAS = 30_000;

    bytes32 public immutable instanceId;
    uint256 public batchLimit;
    uint8 public maxRetries;
    uint32 public retryDelay;
    uint256 public lastSubscriptionId;

    mapping(uint256 subscriptionId => Subscription) private _subscriptions;
    mapping(uint256 subscriptionId => Terms) private _terms;
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
    event RefundClaimed(address indexed account, uint256 amount);
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
    error NotAPaymentFailure(uint256 subscriptionId, SkipReason reason);
    error InvalidRetryPolicy(uint8 maxRetries, uint32 retryDelay);
    error InvalidPlanPeriod(bytes32 planHash, uint64 period);
    error NotNativePlan(uint256 subscriptionId);
    error NothingToClaim();
    error InvalidBatchLimit();
    error ChargeOutOfGas(uint256 gasAvailable);

    constructor(ICoreSystem core_, bytes32 instanceId_, uint256 batchLimit_, uint8 maxRetries_, uint32 retryDelay_)
        CoreSystemClient(core_)
    {
        if (batchLimit_ == 0) revert InvalidBatchLimit();
        _checkRetryPolicy(maxRetries_, retryDelay_);
        instanceId = instanceId_;
        batchLimit = batchLimit_;
        maxRetries = maxRetries_;
        retryDelay = retryDelay_;
        emit BatchLimitChanged(0, batchLimit_);
        emit RetryPolicyChanged(maxRetries_, retryDelay_);
    }

    function typeAndVersion() external pure returns (string memory) {
        return "SubscriptionManager 2.0.0";
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
        if (_terms[subscriptionId].token != NATIVE) revert NotNativePlan(subscriptionId);
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
        emit RefundClaimed(msg.sender, amount);
    }

    // ---------------------------------------------------------------- charging

    /// @notice Charges one subscription if it is due. AUTOMATION only. Never reverts because of the
    /// subscription's state: the outcome is `SubscriptionCharged` or `ChargeSkipped`.
    function charge(uint256 subscriptionId) external nonReentrant onlyRole(Roles.AUTOMATION) returns (bool charged) {
        charged = _chargeOrSkip(subscriptionId, _chargeContext());
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
            if (_chargeOrSkip(subscriptionIds[i], context)) ++chargedCount;
        }
    }

    /// @notice Records that a due subscription could not be paid. Schedules a retry after
    /// `retryDelay * attempt`, or after `maxRetries` retries ends the subscription and refunds its deposit.
    /// AUTOMATION only, and only for a real payment failure: the charge is attempted here and a failure is
    /// counted only when the subscriber's funds fall short (`InsufficientBalance`) or the payment itself
    /// fails (`PaymentFailed`, e.g. a token that refuses this payer). A payment that goes through is rolled
    /// back with `SubscriptionChargeable`; a subscription that is not due, or whose plan is inactive or
    /// unknown, is refused. A compromised keeper can therefore neither fail a healthy subscription nor
    /// burn its retries faster than one per `retryDelay`.
    function markFailedCharge(uint256 subscriptionId) external nonReentrant onlyRole(Roles.AUTOMATION) {
        Subscription storage subscription = _subscriptions[subscriptionId];
        if (subscription.status != Status.Active) revert SubscriptionNotActive(subscriptionId);
        (bool charged, SkipReason reason) = _charge(subscriptionId, _chargeContext());
        if (charged) revert SubscriptionChargeable(subscriptionId);
        if (reason == SkipReason.NotDue) revert ChargeNotDue(subscriptionId);
        if (reason != SkipReason.InsufficientBalance && reason != SkipReason.PaymentFailed) {
            revert NotAPaymentFailure(subscriptionId, reason);
        }
        // maxRetries <= MAX_RETRIES, so the counter stops far below its maximum.
        uint8 attempt = subscription.failedAttempts + 1;
        subscription.failedAttempts = attempt;
        if (attempt <= maxRetries) {
            uint40 retryAt = (block.timestamp + uint256(retryDelay) * attempt).toUint40();
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

    /// @notice At most `MAX_RETRIES` retries, each delay between `MIN_RETRY_DELAY` and `MAX_RETRY_DELAY`.
    function setRetryPolicy(uint8 maxRetries_, uint32 retryDelay_) external onlyRole(Roles.GOVERNOR) {
        _checkRetryPolicy(maxRetries_, retryDelay_);
        maxRetries = maxRetries_;
        retryDelay = retryDelay_;
        emit RetryPolicyChanged(maxRetries_, retryDelay_);
    }

    // ---------------------------------------------------------------- views

    function getSubscription(uint256 subscriptionId) external view returns (Subscription memory) {
        return _subscriptions[subscriptionId];
    }

    /// @return the terms the subscriber agreed to at subscribe (all zero for an unknown subscription).
    function getTerms(uint256 subscriptionId) external view returns (Terms memory) {
        return _terms[subscriptionId];
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
        (chargeable, reason, amountDue) = _preview(subscriptionId, _chargeContext());
    }

    // ---------------------------------------------------------------- internals

    struct Schedule {
        uint40 nextChargeAt;
        uint40 retryAt;
        uint8 failedAttempts;
    }

    /// Services resolved once per transaction, and the last plan status read, which batches usually share.
    struct ChargeContext {
        IPaymentGateway gateway;
        IPlanManager planManager;
        bytes32 planHash;
        IPlanManager.PlanStatus planStatus;
    }

    function _subscribe(bytes32 planHash) private returns (uint256 subscriptionId) {
        IPaymentGateway gateway = _gateway();
        IPlanManager.PlanTerms memory plan = _planManager().getPlanTerms(planHash);
        if (plan.status == IPlanManager.PlanStatus.None) revert PlanNotFound(planHash);
        if (plan.status != IPlanManager.PlanStatus.Active) revert PlanNotActive(planHash);
        if (plan.period < MIN_PLAN_PERIOD || plan.period > MAX_PLAN_PERIOD) revert InvalidPlanPeriod(planHash, plan.period);
        if (!gateway.isPairSupported(plan.token, plan.token)) revert TokenNotSupported(plan.token);
        uint256 existing = activeSubscriptionOf[msg.sender][planHash];
        if (existing != 0) revert AlreadySubscribed(existing);

        (uint256 quoted,) = gateway.quote(msg.sender, plan.merchant, plan.token, plan.price);
        uint256 amountDue = Math.min(quoted, plan.price);
        uint256 remainingDeposit;
        if (plan.token == NATIVE) {
            if (msg.value < amountDue) revert InsufficientDeposit(amountDue, msg.value);
            remainingDeposit = msg.value - amountDue;
        } else {
            if (msg.value != 0) revert NativeValueNotAccepted();
            uint256 allowance = IERC20(plan.token).allowance(msg.sender, address(gateway));
            if (allowance < amountDue) revert InsufficientAllowance(allowance, amountDue);
            uint256 balance = IERC20(plan.token).balanceOf(msg.sender);
            if (balance < amountDue) revert InsufficientBalance(balance, amountDue);
        }

        subscriptionId = ++lastSubscriptionId;
        uint40 next = (block.timestamp + plan.period).toUint40();
        _subscriptions[subscriptionId] = Subscription({
            subscriber: msg.sender,
            nextChargeAt: next,
            retryAt: 0,
            status: Status.Active,
            failedAttempts: 0,
            planHash: planHash,
            deposit: remainingDeposit
        });
        _terms[subscriptionId] = Terms({merchant: plan.merchant, period: plan.period, token: plan.token, price: plan.price});
        activeSubscriptionOf[msg.sender][planHash] = subscriptionId;

        uint256 value = plan.token == NATIVE ? amountDue : 0;
        (uint256 fee,) = gateway.processPayment{value: value}(msg.sender, plan.merchant, plan.token, amountDue);
        emit SubscriptionActivated(subscriptionId, planHash, msg.sender, next, remainingDeposit);
        emit SubscriptionCharged(subscriptionId, planHash, msg.sender, amountDue, fee, next);
    }

    function _chargeOrSkip(uint256 subscriptionId, ChargeContext memory context) private returns (bool charged) {
        SkipReason reason;
        (charged, reason) = _charge(subscriptionId, context);
        if (!charged) emit ChargeSkipped(subscriptionId, reason);
    }

    /// Charges the subscription if it is due and payable; otherwise says why not and changes nothing.
    function _charge(uint256 subscriptionId, ChargeContext memory context) private returns (bool, SkipReason) {
        (bool chargeable, SkipReason reason, uint256 amountDue) = _preview(subscriptionId, context);
        if (!chargeable) return (false, reason);
        Subscription storage subscription = _subscriptions[subscriptionId];
        Terms memory terms = _terms[subscriptionId];
        bool native = terms.token == NATIVE;

        // Effects before the interaction; restored below if the payment itself fails.
        Schedule memory previous = Schedule(subscription.nextChargeAt, subscription.retryAt, subscription.failedAttempts);
        uint256 next = uint256(previous.nextChargeAt) + terms.period;
        if (next <= block.timestamp) next = block.timestamp + terms.period;
        subscription.nextChargeAt = next.toUint40();
        if (previous.retryAt != 0 || previous.failedAttempts != 0) {
            subscription.retryAt = 0;
            subscription.failedAttempts = 0;
        }
        if (native) subscription.deposit -= amountDue;

        (bool paid, uint256 fee) = _pay(context.gateway, terms, subscription.subscriber, amountDue);
        if (paid) {
            emit SubscriptionCharged(
                subscriptionId, subscription.planHash, subscription.subscriber, amountDue, fee, uint64(next)
            );
            return (true, SkipReason.NoPlan);
        }
        subscription.nextChargeAt = previous.nextChargeAt;
        subscription.retryAt = previous.retryAt;
        subscription.failedAttempts = previous.failedAttempts;
        if (native) subscription.deposit += amountDue;
        return (false, SkipReason.PaymentFailed);
    }

    /// Calls the gateway with at most `PAYMENT_GAS_LIMIT` gas and copies back one word of its answer, so that
    /// no token (a hook that reverts with a huge payload, or burns all the gas it gets) can make the batch
    /// revert: any failure is this item's. The transaction itself must leave the full limit for the call; if
    /// it does not (sent with too little gas, or estimated too low) it reverts whole with `ChargeOutOfGas`
    /// instead of recording a false `PaymentFailed`.
    function _pay(IPaymentGateway gateway, Terms memory terms, address subscriber, uint256 amount)
        private
        returns (bool paid, uint256 fee)
    {
        uint256 value = terms.token == NATIVE ? amount : 0;
        bytes memory payload =
            abi.encodeCall(IPaymentGateway.processPayment, (subscriber, terms.merchant, terms.token, amount));
        _requireGasFor(PAYMENT_GAS_LIMIT);
        assembly ("memory-safe") {
            paid := call(PAYMENT_GAS_LIMIT, gateway, value, add(payload, 0x20), mload(payload), 0, 0x20)
            // processPayment returns (fee, net): anything shorter is not a payment.
            if lt(returndatasize(), 0x40) { paid := 0 }
            fee := mload(0)
        }
        if (!paid) fee = 0;
    }

    function _preview(uint256 subscriptionId, ChargeContext memory context)
        private
        view
        returns (bool chargeable, SkipReason reason, uint256 amountDue)
    {
        Subscription storage subscription = _subscriptions[subscriptionId];
        Status status = subscription.status;
        if (status == Status.None) return (false, SkipReason.NoPlan, 0);
        if (status != Status.Active) return (false, SkipReason.SubscriptionInactive, 0);
        if (block.timestamp < subscription.nextChargeAt || block.timestamp < subscription.retryAt) {
            return (false, SkipReason.NotDue, 0);
        }
        bytes32 planHash = subscription.planHash;
        if (planHash != context.planHash) {
            (bool read, uint256 planStatus) = _boundedView(
                address(context.planManager), abi.encodeCall(IPlanManager.planStatus, (planHash)), VIEW_GAS_LIMIT
            );
            context.planStatus = read && planStatus <= uint256(type(IPlanManager.PlanStatus).max)
                ? IPlanManager.PlanStatus(planStatus)
                : IPlanManager.PlanStatus.None;
            context.planHash = planHash;
        }
        if (context.planStatus == IPlanManager.PlanStatus.None) return (false, SkipReason.NoPlan, 0);
        if (context.planStatus != IPlanManager.PlanStatus.Active) return (false, SkipReason.PlanInactive, 0);

        Terms memory terms = _terms[subscriptionId];
        address subscriber = subscription.subscriber;
        (bool quoted, uint256 quote) = _boundedView(
            address(context.gateway),
            abi.encodeCall(IPaymentGateway.quote, (subscriber, terms.merchant, terms.token, terms.price)),
            QUOTE_GAS_LIMIT
        );
        if (!quoted) return (false, SkipReason.PaymentFailed, 0);
        // Never more than the price agreed to, whatever the gateway quotes.
        amountDue = Math.min(quote, terms.price);
        if (terms.token == NATIVE) {
            if (subscription.deposit < amountDue) return (false, SkipReason.InsufficientBalance, amountDue);
            return (true, SkipReason.NoPlan, amountDue);
        }
        (chargeable, reason) = _tokenFunds(terms.token, subscriber, address(context.gateway), amountDue);
    }

    /// Whether the subscriber's balance and allowance to the gateway cover `amount`.
    function _tokenFunds(address token, address subscriber, address gateway, uint256 amount)
        private
        view
        returns (bool covered, SkipReason reason)
    {
        (bool balanceRead, uint256 balance) =
            _boundedView(token, abi.encodeCall(IERC20.balanceOf, (subscriber)), VIEW_GAS_LIMIT);
        (bool allowanceRead, uint256 allowance) =
            _boundedView(token, abi.encodeCall(IERC20.allowance, (subscriber, gateway)), VIEW_GAS_LIMIT);
        if (!balanceRead || !allowanceRead) return (false, SkipReason.PaymentFailed);
        if (balance < amount || allowance < amount) return (false, SkipReason.InsufficientBalance);
        return (true, SkipReason.NoPlan);
    }

    /// A static call with at most `gasLimit` gas that reads the first word of the answer; `read` is false when
    /// the call reverted, ran out of its gas or answered less than a word.
    function _boundedView(address target, bytes memory payload, uint256 gasLimit)
        private
        view
        returns (bool read, uint256 word)
    {
        _requireGasFor(gasLimit);
        assembly ("memory-safe") {
            read := staticcall(gasLimit, target, add(payload, 0x20), mload(payload), 0, 0x20)
            if lt(returndatasize(), 0x20) { read := 0 }
            word := mload(0)
        }
        // A target without code "succeeds" with no answer; the length check above already refuses it.
    }

    /// Reverts the whole transaction when less than `gasLimit` (plus the call's own cost and the 1/64 the EVM
    /// keeps back) is left, so that a capped call that fails really failed on its own.
    function _requireGasFor(uint256 gasLimit) private view {
        uint256 available = gasleft();
        if (available < gasLimit + gasLimit / 63 + CALL_OVERHEAD_GAS) revert ChargeOutOfGas(available);
    }

    function _checkRetryPolicy(uint8 maxRetries_, uint32 retryDelay_) private pure {
        if (maxRetries_ > MAX_RETRIES || retryDelay_ < MIN_RETRY_DELAY || retryDelay_ > MAX_RETRY_DELAY) {
            revert InvalidRetryPolicy(maxRetries_, retryDelay_);
        }
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
