// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The version of the billing suite as a whole.
/// @notice Every module exposes it as `SUITE_VERSION` and the compiled artifacts carry it as `suiteVersion`.
/// Modules of different suite versions must not be mixed in one CoreSystem: a new suite version is deployed
/// as a new suite (see contracts/README.md, "Upgrading a deployed suite").
/// Version 2: subscribers' terms snapshotted at subscribe, period bounds and checked casts, capped payment
/// calls, delayed registry changes, registered-module pulls, signed accepted tokens and fresh rates in the
/// Marketplace, payment-failure-only retries.
library SuiteVersion {
    uint16 internal constant VERSION = 2;
}
