/**
 * Sending transactions: one {@link io.billinggateway.provider.evm.transaction.SenderLane} per account owns its
 * nonce, prices EIP-1559 fees under a cap and estimates gas; {@link io.billinggateway.provider.evm.transaction.Receipts}
 * waits for receipts with a timeout and looks transactions up by hash before anything is sent again.
 */
package io.billinggateway.provider.evm.transaction;
