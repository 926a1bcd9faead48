// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IPlanManager} from "../interfaces/IPlanManager.sol";

/// @title Test double: what a registry entry repointed by a hostile FEATURE_OWNER could answer. Every plan hash
/// is an Active plan paying `merchant` `price` of `token` every day.
contract TestRoguePlanManager is IPlanManager {
    address public immutable merchant;
    address public immutable token;
    uint256 public immutable price;

    constructor(address merchant_, address token_, uint256 price_) {
        merchant = merchant_;
        token = token_;
        price = price_;
    }

    function getPlanTerms(bytes32) external view returns (PlanTerms memory) {
        return PlanTerms({merchant: merchant, token: token, price: price, period: 1 days, status: PlanStatus.Active});
    }

    function planStatus(bytes32) external pure returns (PlanStatus) {
        return PlanStatus.Active;
    }
}
