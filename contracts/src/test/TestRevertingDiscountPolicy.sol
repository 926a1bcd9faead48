// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDiscountPolicy} from "../interfaces/IDiscountPolicy.sol";

/// @title Test double: a discount policy that always reverts, with a large reason, after burning gas.
contract TestRevertingDiscountPolicy is IDiscountPolicy {
    function discountedAmount(address, address, address, uint256) external pure returns (uint256) {
        bytes32 sink;
        for (uint256 i = 0; i < 10_000; ++i) {
            sink = keccak256(abi.encode(sink, i));
        }
        assembly ("memory-safe") {
            revert(0, 100000)
        }
    }
}
