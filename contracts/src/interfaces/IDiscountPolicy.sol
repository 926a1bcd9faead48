// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title A pluggable discount hook consulted by the PaymentGateway when it quotes a payment.
interface IDiscountPolicy {
    /// @return the amount the payer owes after discounts; the gateway never charges more than `amount`.
    function discountedAmount(address payer, address merchant, address token, uint256 amount)
        external
        view
        returns (uint256);
}
