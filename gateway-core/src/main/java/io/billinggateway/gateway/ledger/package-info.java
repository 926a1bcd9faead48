/**
 * The payment ledger ({@code payment_transactions}): one entry per payment, {@code pending} until the network
 * says {@code confirmed} or {@code failed}; a confirmed entry becomes {@code refunded} when fully refunded. Reads
 * only: the {@code billing} package makes every change.
 */
package io.billinggateway.gateway.ledger;
