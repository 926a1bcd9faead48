// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title An ERC-20 with EIP-2612 permit for local and test networks. Anyone can mint: never use it for value.
contract TestToken is ERC20, ERC20Permit {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC20Permit(name_) {}

    function typeAndVersion() external pure returns (string memory) {
        return "TestToken 1.0.0";
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
