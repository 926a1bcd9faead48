// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test double: an ERC-20 with ERC-777-style sender hooks. A holder picks what happens when tokens are
/// pulled from it: nothing, a revert carrying `payloadBytes` bytes of data, or a hook that burns all the gas it
/// is given. Used to prove that one subscriber's token cannot revert a charge batch.
contract TestHookToken is ERC20 {
    enum Hook {
        None,
        RevertWithPayload,
        ExhaustGas
    }

    mapping(address holder => Hook) public hookOf;
    mapping(address holder => uint256) public payloadBytesOf;

    constructor() ERC20("Hook Token", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The caller's hook for transfers out of its balance.
    function setHook(Hook hook, uint256 payloadBytes) external {
        hookOf[msg.sender] = hook;
        payloadBytesOf[msg.sender] = payloadBytes;
    }

    function _update(address from, address to, uint256 value) internal override {
        Hook hook = from == address(0) ? Hook.None : hookOf[from];
        if (hook == Hook.RevertWithPayload) {
            uint256 size = payloadBytesOf[from];
            assembly ("memory-safe") {
                revert(0, size)
            }
        }
        if (hook == Hook.ExhaustGas) {
            bytes32 sink;
            while (true) {
                sink = keccak256(abi.encode(sink));
            }
        }
        super._update(from, to, value);
    }
}
