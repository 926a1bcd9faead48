/**
 * End-to-end tests of the gateway with the EVM provider on three local Anvil chains (ethereum 1, bsc 56, polygon
 * 137): suites deployed by the deploy command, wallet payloads sent by ethers.js, charges, events and RPC failover.
 */
package io.billinggateway.gateway.evm;
