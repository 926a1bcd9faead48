// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDiscountPolicy} from "../interfaces/IDiscountPolicy.sol";

/// @title Test double: a fixed percentage off for one payer; asking for more than 100 % is capped by the gateway.
contract TestDiscountPolicy is IDiscountPolicy {
    address public immutable discountedPayer;
    uint256 public immutable percentOff;

    constructor(address discountedPayer_, uint256 percentOff_) {
        discountedPayer = discountedPayer_;
        percentOff = percentOff_;
    }

    function discountedAmount(address payer, address, address, uint256 amount) external view returns (uint256) {
        if (payer != discountedPayer) return amount;
        return amount * (100 - percentOff) / 100;
    }
}
