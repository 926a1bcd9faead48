// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoreSystem} from "./interfaces/ICoreSystem.sol";

/// @title Base of every module: role checks and service lookups go through the CoreSystem.
abstract contract CoreSystemClient {
    ICoreSystem public immutable core;

    error MissingRole(bytes32 role, address account);
    error ServiceNotRegistered(bytes32 instanceId, string name);
    error ZeroAddress();

    constructor(ICoreSystem core_) {
        if (address(core_) == address(0)) revert ZeroAddress();
        core = core_;
    }

    modifier onlyRole(bytes32 role) {
        _checkRole(role, msg.sender);
        _;
    }

    function _checkRole(bytes32 role, address account) internal view {
        if (!core.hasRole(role, account)) revert MissingRole(role, account);
    }

    function _service(bytes32 instanceId, string memory name) internal view returns (address service) {
        service = core.getService(instanceId, name);
        if (service == address(0)) revert ServiceNotRegistered(instanceId, name);
    }
}
