// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PaymentGatewayBase} from "../PaymentGatewayBase.sol";
import {ICoreSystem} from "../interfaces/ICoreSystem.sol";

/// @title Test double: a gateway that quotes `multiplier` times the amount asked for (a broken oracle or a
/// hostile replacement) and otherwise moves exactly what it is told to, without a fee.
contract TestOverquotingGateway is PaymentGatewayBase {
    uint256 public immutable multiplier;

    constructor(ICoreSystem core_, bytes32 instanceId_, uint256 multiplier_) PaymentGatewayBase(core_, instanceId_) {
        multiplier = multiplier_;
    }

    function isPairSupported(address, address) public pure override returns (bool) {
        return true;
    }

    function convertAmount(address, address, uint256 amount) external view returns (uint256) {
        return amount * multiplier;
    }

    function _feeFor(uint256) internal pure override returns (uint256) {
        return 0;
    }

    function _feeReceiver() internal pure override returns (address) {
        return address(0);
    }

    function _discounted(address, address, address, uint256 amount) internal view override returns (uint256) {
        return amount * multiplier;
    }
}
