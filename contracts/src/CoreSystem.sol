// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {Roles} from "./Roles.sol";
import {SuiteVersion} from "./SuiteVersion.sol";

/// @title The registry of roles and services of one billing deployment.
/// @notice The default admin (transferable only with a delay) grants and revokes every other role, so a
/// compromised keeper can be cut off. Services are addressed by (instanceId, name), e.g.
/// (keccak256("default"), "PaymentGateway").
///
/// A name is registered at once only the first time. Changing or removing a registered service can redirect
/// money (modules find the gateway and the plans here, and the gateway lets only registered modules pull), so
/// it is scheduled first and takes effect no earlier than `SERVICE_CHANGE_DELAY` later: payers and operators
/// see `ServiceChangeScheduled` and have that long to revoke allowances or cancel the change.
contract CoreSystem is AccessControlDefaultAdminRules, ICoreSystem {
    bytes32 public constant FEATURE_OWNER_ROLE = Roles.FEATURE_OWNER;
    bytes32 public constant AUTHOR_ROLE = Roles.AUTHOR;
    bytes32 public constant OPERATOR_ROLE = Roles.OPERATOR;
    bytes32 public constant AUTOMATION_ROLE = Roles.AUTOMATION;
    bytes32 public constant GOVERNOR_ROLE = Roles.GOVERNOR;
    bytes32 public constant PAYMENT_MODULE_ROLE = Roles.PAYMENT_MODULE;

    uint16 public constant SUITE_VERSION = SuiteVersion.VERSION;
    /// How long a change of a registered service waits between being scheduled and taking effect.
    uint256 public constant SERVICE_CHANGE_DELAY = 2 days;

    struct ScheduledChange {
        address service;
        uint64 executableAt;
    }

    mapping(bytes32 instanceId => mapping(bytes32 nameHash => address service)) private _services;
    mapping(bytes32 instanceId => mapping(bytes32 nameHash => ScheduledChange)) private _scheduled;

    event ServiceSet(bytes32 indexed instanceId, string name, address indexed previous, address indexed service);
    event ServiceChangeScheduled(bytes32 indexed instanceId, string name, address indexed service, uint64 executableAt);
    event ServiceChangeCancelled(bytes32 indexed instanceId, string name, address indexed service);

    error EmptyServiceName();
    error ZeroServiceAddress();
    error ServiceAlreadyRegistered(bytes32 instanceId, string name, address service);
    error NoScheduledChange(bytes32 instanceId, string name);
    error ServiceChangeNotReady(bytes32 instanceId, string name, uint64 executableAt);

    constructor(uint48 adminTransferDelay, address admin) AccessControlDefaultAdminRules(adminTransferDelay, admin) {}

    function typeAndVersion() external pure returns (string memory) {
        return "CoreSystem 2.0.0";
    }

    /// @notice Registers a service under a name that has none yet. Needs FEATURE_OWNER_ROLE. Changing or
    /// removing a registered service goes through `scheduleServiceChange` and `executeServiceChange`.
    function setService(bytes32 instanceId, string calldata name, address service)
        external
        onlyRole(FEATURE_OWNER_ROLE)
    {
        bytes32 nameHash = _nameHash(name);
        address current = _services[instanceId][nameHash];
        if (current != address(0)) revert ServiceAlreadyRegistered(instanceId, name, current);
        if (service == address(0)) revert ZeroServiceAddress();
        _services[instanceId][nameHash] = service;
        emit ServiceSet(instanceId, name, address(0), service);
    }

    /// @notice Schedules replacing (or, with the zero address, removing) a service; it can be executed
    /// `SERVICE_CHANGE_DELAY` from now. Scheduling again replaces the pending change and restarts the delay.
    function scheduleServiceChange(bytes32 instanceId, string calldata name, address service)
        external
        onlyRole(FEATURE_OWNER_ROLE)
        returns (uint64 executableAt)
    {
        bytes32 nameHash = _nameHash(name);
        executableAt = uint64(block.timestamp + SERVICE_CHANGE_DELAY);
        _scheduled[instanceId][nameHash] = ScheduledChange(service, executableAt);
        emit ServiceChangeScheduled(instanceId, name, service, executableAt);
    }

    /// @notice Applies a scheduled change once its delay has passed. Needs FEATURE_OWNER_ROLE.
    function executeServiceChange(bytes32 instanceId, string calldata name) external onlyRole(FEATURE_OWNER_ROLE) {
        bytes32 nameHash = _nameHash(name);
        ScheduledChange memory change = _scheduled[instanceId][nameHash];
        if (change.executableAt == 0) revert NoScheduledChange(instanceId, name);
        if (block.timestamp < change.executableAt) revert ServiceChangeNotReady(instanceId, name, change.executableAt);
        delete _scheduled[instanceId][nameHash];
        address previous = _services[instanceId][nameHash];
        _services[instanceId][nameHash] = change.service;
        emit ServiceSet(instanceId, name, previous, change.service);
    }

    /// @notice Drops a scheduled change. Needs FEATURE_OWNER_ROLE (or the default admin, who can grant it).
    function cancelServiceChange(bytes32 instanceId, string calldata name) external onlyRole(FEATURE_OWNER_ROLE) {
        bytes32 nameHash = _nameHash(name);
        ScheduledChange memory change = _scheduled[instanceId][nameHash];
        if (change.executableAt == 0) revert NoScheduledChange(instanceId, name);
        delete _scheduled[instanceId][nameHash];
        emit ServiceChangeCancelled(instanceId, name, change.service);
    }

    /// @return service the pending replacement (the zero address removes the service)
    /// @return executableAt when it can be executed, zero when nothing is scheduled
    function scheduledServiceChange(bytes32 instanceId, string calldata name)
        external
        view
        returns (address service, uint64 executableAt)
    {
        ScheduledChange memory change = _scheduled[instanceId][keccak256(bytes(name))];
        return (change.service, change.executableAt);
    }

    function getService(bytes32 instanceId, string calldata name) external view returns (address) {
        return _services[instanceId][keccak256(bytes(name))];
    }

    function _nameHash(string calldata name) private pure returns (bytes32) {
        if (bytes(name).length == 0) revert EmptyServiceName();
        return keccak256(bytes(name));
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
