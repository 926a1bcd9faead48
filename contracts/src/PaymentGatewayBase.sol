// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CoreSystemClient} from "./CoreSystemClient.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IPaymentGateway} from "./interfaces/IPaymentGateway.sol";
import {Roles} from "./Roles.sol";
import {SuiteVersion} from "./SuiteVersion.sol";

/// @title Money movement shared by every gateway: fee split, native and ERC-20 paths, fee-on-transfer refusal.
/// @notice Only the modules registered in the CoreSystem under this gateway's instance ("SubscriptionManager",
/// "Marketplace") that also hold PAYMENT_MODULE may move money, so a role granted to any other contract or
/// account cannot pull from payers who approved the gateway; replacing a registered module waits for the
/// CoreSystem's service change delay.
abstract contract PaymentGatewayBase is IPaymentGateway, CoreSystemClient, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint16 public constant SUITE_VERSION = SuiteVersion.VERSION;

    bytes32 public immutable instanceId;

    address internal constant NATIVE = address(0);
    uint256 internal constant BPS_DENOMINATOR = 10_000;
    /// Gas forwarded with a native payout: enough for smart-contract wallets, too little for a receiver to
    /// exhaust a charge batch's gas.
    uint256 internal constant NATIVE_PAYOUT_GAS = 50_000;

    error IncorrectNativeValue(uint256 expected, uint256 received);
    error FeeOnTransferTokenRefused(address token);
    error PairNotSupported(address fromToken, address toToken);
    error NativePayoutFailed(address receiver);
    error NotARegisteredModule(address caller);

    constructor(ICoreSystem core_, bytes32 instanceId_) CoreSystemClient(core_) {
        instanceId = instanceId_;
    }

    /// @inheritdoc IPaymentGateway
    function processPayment(address payer, address merchant, address token, uint256 amount)
        external
        payable
        nonReentrant
        onlyRole(Roles.PAYMENT_MODULE)
        returns (uint256 fee, uint256 net)
    {
        if (merchant == address(0)) revert ZeroAddress();
        _checkRegisteredModule(msg.sender);
        if (!isPairSupported(token, token)) revert PairNotSupported(token, token);
        fee = _feeFor(amount);
        net = amount - fee;
        address receiver = _feeReceiver();
        if (token == NATIVE) {
            if (msg.value != amount) revert IncorrectNativeValue(amount, msg.value);
            if (fee > 0) _sendNative(receiver, fee);
            _sendNative(merchant, net);
        } else {
            if (msg.value != 0) revert IncorrectNativeValue(0, msg.value);
            IERC20 erc20 = IERC20(token);
            if (fee > 0) erc20.safeTransferFrom(payer, receiver, fee);
            // Tokens that take a cut on transfer would silently short the merchant: measure and refuse.
            uint256 before = erc20.balanceOf(merchant);
            erc20.safeTransferFrom(payer, merchant, net);
            if (erc20.balanceOf(merchant) - before != net) revert FeeOnTransferTokenRefused(token);
        }
        emit PaymentProcessed(msg.sender, payer, merchant, token, amount, fee);
    }

    /// @inheritdoc IPaymentGateway
    function quote(address payer, address merchant, address token, uint256 amount)
        external
        view
        returns (uint256 amountDue, uint256 fee)
    {
        amountDue = _discounted(payer, merchant, token, amount);
        fee = _feeFor(amountDue);
    }

    function isPairSupported(address paymentToken, address targetToken) public view virtual returns (bool);

    /// @return whether `module` may call `processPayment`: it holds PAYMENT_MODULE and is this instance's
    /// registered SubscriptionManager or Marketplace.
    function isRegisteredModule(address module) public view returns (bool) {
        if (!core.hasRole(Roles.PAYMENT_MODULE, module)) return false;
        return core.getService(instanceId, "SubscriptionManager") == module
            || core.getService(instanceId, "Marketplace") == module;
    }

    function _checkRegisteredModule(address module) private view {
        if (!isRegisteredModule(module)) revert NotARegisteredModule(module);
    }

    function _sendNative(address receiver, uint256 amount) private {
        (bool sent,) = payable(receiver).call{value: amount, gas: NATIVE_PAYOUT_GAS}("");
        if (!sent) revert NativePayoutFailed(receiver);
    }

    function _feeFor(uint256 amount) internal view virtual returns (uint256);

    function _feeReceiver() internal view virtual returns (address);

    function _discounted(address payer, address merchant, address token, uint256 amount)
        internal
        view
        virtual
        returns (uint256);
}
