// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// The shortest billing period a plan may have.
uint64 constant MIN_PLAN_PERIOD = 1 minutes;
// The longest billing period a plan may have (ten years of days, the gateway API's bound).
uint64 constant MAX_PLAN_PERIOD = 3650 days;

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

    /// @return the plan's status alone (`None` when no plan has this hash); what renewals consult.
    function planStatus(bytes32 planHash) external view returns (PlanStatus);
}
