// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test double: an ERC-20 whose transfers burn a lot of gas (about 100k each, a payment well under the
/// SubscriptionManager's PAYMENT_GAS_LIMIT), so that a charge sent with too little gas runs short around the
/// payment call.
contract TestGasHeavyToken is ERC20 {
    constructor() ERC20("Gas Heavy", "HVY") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        bytes32 sink;
        for (uint256 i = 0; i < 600; ++i) {
            sink = keccak256(abi.encode(sink, i));
        }
        if (sink == bytes32(0)) revert();
        super._update(from, to, value);
    }
}
