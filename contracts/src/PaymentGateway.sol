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
/// every charge in that token.
contract PaymentGateway is PaymentGatewayBase {
    /// The highest fee the governor can set: 10 %.
    uint16 public constant MAX_FEE_BPS = 1_000;

    struct Rate {
        uint128 numerator;
        uint128 denominator;
    }

    address public feeReceiver;
    uint16 public feeBps;
    IDiscountPolicy public discountPolicy;
    mapping(address token => bool) public isTokenSupported;
    mapping(address fromToken => mapping(address toToken => Rate)) private _rates;

    event FeeReceiverChanged(address indexed previous, address indexed feeReceiver);
    event FeeChanged(uint16 previousBps, uint16 feeBps);
    event TokenSupportChanged(address indexed token, bool supported);
    event ConversionRateChanged(address indexed fromToken, address indexed toToken, uint128 numerator, uint128 denominator);
    event DiscountPolicyChanged(address indexed previous, address indexed discountPolicy);

    error FeeTooHigh(uint16 feeBps, uint16 maximum);

    /// @param supportedTokens tokens accepted from the start (`address(0)` for the native coin); later
    /// changes are the governor's.
    constructor(ICoreSystem core_, address feeReceiver_, uint16 feeBps_, address[] memory supportedTokens)
        PaymentGatewayBase(core_)
    {
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
        return "PaymentGateway 1.0.0";
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
    /// A zero numerator removes the pair.
    function setConversionRate(address fromToken, address toToken, uint128 numerator, uint128 denominator)
        external
        onlyRole(Roles.GOVERNOR)
    {
        if (numerator != 0 && denominator == 0) revert PairNotSupported(fromToken, toToken);
        _rates[fromToken][toToken] = Rate(numerator, denominator);
        emit ConversionRateChanged(fromToken, toToken, numerator, denominator);
    }

    function setDiscountPolicy(IDiscountPolicy policy) external onlyRole(Roles.GOVERNOR) {
        emit DiscountPolicyChanged(address(discountPolicy), address(policy));
        discountPolicy = policy;
    }

    function isPairSupported(address paymentToken, address targetToken) public view override returns (bool) {
        if (!isTokenSupported[paymentToken] || !isTokenSupported[targetToken]) return false;
        return paymentToken == targetToken || _rates[targetToken][paymentToken].numerator != 0;
    }

    function convertAmount(address fromToken, address toToken, uint256 amount) external view returns (uint256) {
        if (!isPairSupported(toToken, fromToken)) revert PairNotSupported(fromToken, toToken);
        if (fromToken == toToken) return amount;
        Rate memory rate = _rates[fromToken][toToken];
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
        IDiscountPolicy policy = discountPolicy;
        if (address(policy) == address(0)) return amount;
        return Math.min(amount, policy.discountedAmount(payer, merchant, token, amount));
    }
}
