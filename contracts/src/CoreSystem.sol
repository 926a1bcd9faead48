// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {Roles} from "./Roles.sol";

/// @title The registry of roles and services of one billing deployment.
/// @notice The default admin (transferable only with a delay) grants and revokes every other role, so a
/// compromised keeper can be cut off. Services are addressed by (instanceId, name), e.g.
/// (keccak256("default"), "PaymentGateway").
contract CoreSystem is AccessControlDefaultAdminRules, ICoreSystem {
    bytes32 public constant FEATURE_OWNER_ROLE = Roles.FEATURE_OWNER;
    bytes32 public constant AUTHOR_ROLE = Roles.AUTHOR;
    bytes32 public constant OPERATOR_ROLE = Roles.OPERATOR;
    bytes32 public constant AUTOMATION_ROLE = Roles.AUTOMATION;
    bytes32 public constant GOVERNOR_ROLE = Roles.GOVERNOR;
    bytes32 public constant PAYMENT_MODULE_ROLE = Roles.PAYMENT_MODULE;

    mapping(bytes32 instanceId => mapping(bytes32 nameHash => address service)) private _services;

    event ServiceSet(bytes32 indexed instanceId, string name, address indexed previous, address indexed service);

    error EmptyServiceName();

    constructor(uint48 adminTransferDelay, address admin) AccessControlDefaultAdminRules(adminTransferDelay, admin) {}

    function typeAndVersion() external pure returns (string memory) {
        return "CoreSystem 1.0.0";
    }

    /// @notice Registers (or, with the zero address, removes) a service. Needs FEATURE_OWNER_ROLE.
    function setService(bytes32 instanceId, string calldata name, address service)
        external
        onlyRole(FEATURE_OWNER_ROLE)
    {
        if (bytes(name).length == 0) revert EmptyServiceName();
        bytes32 nameHash = keccak256(bytes(name));
        address previous = _services[instanceId][nameHash];
        _services[instanceId][nameHash] = service;
        emit ServiceSet(instanceId, name, previous, service);
    }

    function getService(bytes32 instanceId, string calldata name) external view returns (address) {
        return _services[instanceId][keccak256(bytes(name))];
    }

    function hasRole(bytes32 role, address account)
        public
        view
        override(AccessControl, IAccessControl, ICoreSystem)
        returns (bool)
    {
        return super.hasRole(role, account);
    }
}
