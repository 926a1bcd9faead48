// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Read side of the PlanManager that the SubscriptionManager relies on.
interface IPlanManager {
    enum PlanStatus {
        None,
        Active,
        Inactive,
        Frozen
    }

    /// @notice The terms a subscriber consents to. Plans are immutable: new terms are a new plan hash.
    struct PlanTerms {
        address merchant;
        address token;
        uint256 price;
        uint64 period;
        PlanStatus status;
    }

    /// @return the plan's terms; `status` is `None` when no plan has this hash.
    function getPlanTerms(bytes32 planHash) external view returns (PlanTerms memory);
}
