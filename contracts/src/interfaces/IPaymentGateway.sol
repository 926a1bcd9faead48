// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The single entry point through which billing modules move money.
/// @notice The native coin is addressed as `address(0)`. ERC-20 payments are pulled from the payer, who
/// approves (or permits) the gateway; native payments arrive as `msg.value` from the calling module.
interface IPaymentGateway {
    event PaymentProcessed(
        address indexed module,
        address indexed payer,
        address indexed merchant,
        address token,
        uint256 amount,
        uint256 fee
    );

    /// @return whether a price in `targetToken` can be paid in `paymentToken`.
    function isPairSupported(address paymentToken, address targetToken) external view returns (bool);

    /// @return `amount` of `fromToken` expressed in `toToken`; reverts if the pair is not supported.
    function convertAmount(address fromToken, address toToken, uint256 amount) external view returns (uint256);

    /// @return amountDue what the payer pays after the discount hook, and fee the protocol's part of it.
    function quote(address payer, address merchant, address token, uint256 amount)
        external
        view
        returns (uint256 amountDue, uint256 fee);

    /// @notice Moves exactly `amount` from the payer: the fee to the fee receiver, the rest to the merchant.
    /// Only contracts holding PAYMENT_MODULE_ROLE may call it; they pass the amount returned by `quote`.
    /// @return fee the protocol's part, and net what the merchant received.
    function processPayment(address payer, address merchant, address token, uint256 amount)
        external
        payable
        returns (uint256 fee, uint256 net);
}
