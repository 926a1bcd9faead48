// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Test double: a contract wallet with ERC-1271 signatures by its owner, a switch to reject the
/// native coin, and an optional call it makes when it receives the coin (to attempt re-entrancy).
contract TestSmartWallet is IERC1271 {
    address public immutable owner;
    bool public acceptsNative = true;
    address public reentryTarget;
    bytes public reentryCall;
    /// Selector of the error that stopped the last re-entry attempt.
    bytes4 public lastReentryError;

    error NotOwner();
    error NativeRejected();
    error CallFailed(bytes reason);

    constructor(address owner_) {
        owner = owner_;
    }

    function setAcceptsNative(bool accepts) external {
        if (msg.sender != owner) revert NotOwner();
        acceptsNative = accepts;
    }

    function setReentry(address target, bytes calldata data) external {
        if (msg.sender != owner) revert NotOwner();
        reentryTarget = target;
        reentryCall = data;
    }

    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        if (msg.sender != owner) revert NotOwner();
        (bool success, bytes memory result) = target.call{value: value}(data);
        if (!success) revert CallFailed(result);
        return result;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(hash, signature);
        return error == ECDSA.RecoverError.NoError && signer == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }

    receive() external payable {
        if (!acceptsNative) revert NativeRejected();
        if (reentryTarget != address(0)) {
            (bool success, bytes memory result) = reentryTarget.call(reentryCall);
            // A re-entry that gets through fails the payment loudly; a blocked one is recorded.
            if (success) revert CallFailed("re-entry succeeded");
            if (result.length >= 4) lastReentryError = bytes4(result);
        }
    }
}
