/**
 * Inbound events: webhook endpoints verify deliveries through the network's provider, and every normalised
 * event is applied exactly once (the inbox {@code billing_webhook_events} is keyed by network and event id),
 * whatever the order and however often it arrives. Applying an event is a transition of the {@code billing}
 * package, caused by the event's id.
 */
package io.billinggateway.gateway.webhook;
