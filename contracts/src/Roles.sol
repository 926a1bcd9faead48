// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Role identifiers shared by every module of the billing suite.
/// @notice Roles are granted and checked in one place, the CoreSystem; modules ask it with `hasRole`.
library Roles {
    /// Registers modules and services in the CoreSystem registry.
    bytes32 internal constant FEATURE_OWNER = keccak256("FEATURE_OWNER_ROLE");
    /// Signs and publishes subscription plans.
    bytes32 internal constant AUTHOR = keccak256("AUTHOR_ROLE");
    /// Changes plan statuses and force-cancels subscriptions.
    bytes32 internal constant OPERATOR = keccak256("OPERATOR_ROLE");
    /// The charge worker's account: the only one that may charge subscriptions.
    bytes32 internal constant AUTOMATION = keccak256("AUTOMATION_ROLE");
    /// Changes global parameters: limits, fees, fee receiver, supported tokens and rates.
    bytes32 internal constant GOVERNOR = keccak256("GOVERNOR_ROLE");
    /// Contracts allowed to move a payer's funds through the PaymentGateway (SubscriptionManager, Marketplace).
    bytes32 internal constant PAYMENT_MODULE = keccak256("PAYMENT_MODULE_ROLE");
}
