/**
 * JSON-RPC access to one chain through several endpoints with failover and recovery (seed A4); endpoint URLs,
 * which may carry API keys, are shown only as scheme, host and port.
 */
package io.billinggateway.provider.evm.rpc;
