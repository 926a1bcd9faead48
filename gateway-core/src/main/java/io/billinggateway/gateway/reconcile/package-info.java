/**
 * Reconciliation ({@code gateway billing-reconcile}, {@code POST /internal/billing/reconcile}): reads back what a network's
 * provider recorded (its record from the start, through the SPI's {@code recordedEvents}), compares it with the ledger and the
 * subscriptions, and reports every difference. With {@code fix} it applies the provider's record through the
 * {@link io.billinggateway.gateway.billing} transitions with a {@code reconciliation} cause, never by editing rows, so the
 * status history and the outbox tell what happened. {@code docs/operations.md} ("Reconciliation") is the operator's guide.
 */
package io.billinggateway.gateway.reconcile;
