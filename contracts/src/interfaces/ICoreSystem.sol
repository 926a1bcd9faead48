// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The registry of roles and services that every billing module consults.
interface ICoreSystem {
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @return the address registered for `name` under `instanceId`, or the zero address.
    function getService(bytes32 instanceId, string calldata name) external view returns (address);
}
