// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PaymentGatewayBase} from "./PaymentGatewayBase.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IDiscountPolicy} from "./interfaces/IDiscountPolicy.sol";
import {Roles} from "./Roles.sol";

/// @title The production gateway: a protocol fee in basis points, supported tokens, conversion rates and a
/// discount hook, all set by the GOVERNOR.
/// @notice The fee receiver is changeable so that a receiver that gets denylisted by a token cannot freeze
/// every charge in that token. A conversion rate is used only while it is at most `maxRateAge` old, so a
/// rate nobody refreshes stops conversions instead of selling at a stale price. A discount policy that
/// reverts, runs out of its gas or answers nonsense gives no discount; it never blocks a payment.
contract PaymentGateway is PaymentGatewayBase {
    /// The highest fee the governor can set: 10 %.
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// Gas the discount policy may use per quote.
    uint256 public constant DISCOUNT_POLICY_GAS = 100_000;
    /// The longest `maxRateAge` the governor can set.
    uint32 public constant MAX_RATE_AGE_LIMIT = 30 days;

    struct Rate {
        uint128 numerator;
        uint128 denominator;
        uint64 updatedAt;
    }

    address public feeReceiver;
    uint16 public feeBps;
    IDiscountPolicy public discountPolicy;
    /// How old a conversion rate may be and still be used.
    uint32 public maxRateAge = 1 days;
    mapping(address token => bool) public isTokenSupported;
    mapping(address fromToken => mapping(address toToken => Rate)) private _rates;

    event FeeReceiverChanged(address indexed previous, address indexed feeReceiver);
    event FeeChanged(uint16 previousBps, uint16 feeBps);
    event TokenSupportChanged(address indexed token, bool supported);
    event ConversionRateChanged(address indexed fromToken, address indexed toToken, uint128 numerator, uint128 denominator);
    event DiscountPolicyChanged(address indexed previous, address indexed discountPolicy);
    event MaxRateAgeChanged(uint32 previousMaxRateAge, uint32 maxRateAge);

    error FeeTooHigh(uint16 feeBps, uint16 maximum);
    error StaleRate(address fromToken, address toToken, uint64 updatedAt, uint32 maxRateAge);
    error InvalidMaxRateAge(uint32 maxRateAge);

    /// @param supportedTokens tokens accepted from the start (`address(0)` for the native coin); later
    /// changes are the governor's.
    constructor(
        ICoreSystem core_,
        bytes32 instanceId_,
        address feeReceiver_,
        uint16 feeBps_,
        address[] memory supportedTokens
    ) PaymentGatewayBase(core_, instanceId_) {
        if (feeReceiver_ == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        feeReceiver = feeReceiver_;
        feeBps = feeBps_;
        emit FeeReceiverChanged(address(0), feeReceiver_);
        emit FeeChanged(0, feeBps_);
        for (uint256 i = 0; i < supportedTokens.length; ++i) {
            isTokenSupported[supportedTokens[i]] = true;
            emit TokenSupportChanged(supportedTokens[i], true);
        }
    }

    function typeAndVersion() external pure virtual returns (string memory) {
        return "PaymentGateway 2.0.0";
    }

    function setFeeReceiver(address receiver) external onlyRole(Roles.GOVERNOR) {
        if (receiver == address(0)) revert ZeroAddress();
        emit FeeReceiverChanged(feeReceiver, receiver);
        feeReceiver = receiver;
    }

    function setFeeBps(uint16 bps) external onlyRole(Roles.GOVERNOR) {
        if (bps > MAX_FEE_BPS) revert FeeTooHigh(bps, MAX_FEE_BPS);
        emit FeeChanged(feeBps, bps);
        feeBps = bps;
    }

    /// @notice Allows or disallows a token (the native coin is `address(0)`) for payments.
    function setTokenSupported(address token, bool supported) external onlyRole(Roles.GOVERNOR) {
        isTokenSupported[token] = supported;
        emit TokenSupportChanged(token, supported);
    }

    /// @notice `amount` of `fromToken` converts to `amount * numerator / denominator` of `toToken`.
    /// A zero numerator removes the pair. Setting a rate (even the same one) refreshes it for `maxRateAge`.
    function setConversionRate(address fromToken, address toToken, uint128 numerator, uint128 denominator)
        external
        onlyRole(Roles.GOVERNOR)
    {
        if (numerator != 0 && denominator == 0) revert PairNotSupported(fromToken, toToken);
        _rates[fromToken][toToken] = Rate(numerator, denominator, uint64(block.timestamp));
        emit ConversionRateChanged(fromToken, toToken, numerator, denominator);
    }

    /// @notice How long a conversion rate stays usable after it was set: 1 minute to 30 days.
    function setMaxRateAge(uint32 maxRateAge_) external onlyRole(Roles.GOVERNOR) {
        if (maxRateAge_ < 1 minutes || maxRateAge_ > MAX_RATE_AGE_LIMIT) revert InvalidMaxRateAge(maxRateAge_);
        emit MaxRateAgeChanged(maxRateAge, maxRateAge_);
        maxRateAge = maxRateAge_;
    }

    /// @notice The rate from `fromToken` to `toToken`: numerator, denominator and when it was last set.
    function conversionRate(address fromToken, address toToken)
        external
        view
        returns (uint128 numerator, uint128 denominator, uint64 updatedAt)
    {
        Rate memory rate = _rates[fromToken][toToken];
        return (rate.numerator, rate.denominator, rate.updatedAt);
    }

    function setDiscountPolicy(IDiscountPolicy policy) external onlyRole(Roles.GOVERNOR) {
        emit DiscountPolicyChanged(address(discountPolicy), address(policy));
        discountPolicy = policy;
    }

    function isPairSupported(address paymentToken, address targetToken) public view override returns (bool) {
        if (!isTokenSupported[paymentToken] || !isTokenSupported[targetToken]) return false;
        if (paymentToken == targetToken) return true;
        Rate memory rate = _rates[targetToken][paymentToken];
        return rate.numerator != 0 && _isFresh(rate);
    }

    function convertAmount(address fromToken, address toToken, uint256 amount) external view returns (uint256) {
        Rate memory rate = _rates[fromToken][toToken];
        if (fromToken != toToken && rate.numerator != 0 && !_isFresh(rate)) {
            revert StaleRate(fromToken, toToken, rate.updatedAt, maxRateAge);
        }
        if (!isPairSupported(toToken, fromToken)) revert PairNotSupported(fromToken, toToken);
        if (fromToken == toToken) return amount;
        // Round up so that a buyer never pays less than the listed value.
        return Math.mulDiv(amount, rate.numerator, rate.denominator, Math.Rounding.Ceil);
    }

    function _feeFor(uint256 amount) internal view override returns (uint256) {
        return amount * feeBps / BPS_DENOMINATOR;
    }

    function _feeReceiver() internal view override returns (address) {
        return feeReceiver;
    }

    function _discounted(address payer, address merchant, address token, uint256 amount)
        internal
        view
        override
        returns (uint256)
    {
        address policy = address(discountPolicy);
        if (policy == address(0)) return amount;
        bytes memory payload = abi.encodeCall(IDiscountPolicy.discountedAmount, (payer, merchant, token, amount));
        bool answered;
        uint256 discounted;
        // A bounded static call that copies at most one word back: neither the policy's gas use nor the size
        // of its answer (or revert reason) can make the quote fail.
        assembly ("memory-safe") {
            answered := staticcall(DISCOUNT_POLICY_GAS, policy, add(payload, 0x20), mload(payload), 0, 0x20)
            if lt(returndatasize(), 0x20) { answered := 0 }
            discounted := mload(0)
        }
        if (!answered) return amount;
        return Math.min(amount, discounted);
    }

    function _isFresh(Rate memory rate) private view returns (bool) {
        return block.timestamp <= uint256(rate.updatedAt) + maxRateAge;
    }
}
