/**
 * What one network's provider remembers between calls and restarts, in a JSON file in its data directory:
 * signed plans (so re-registration is idempotent), one-time items, checkouts (so a repeated checkout id gets the
 * same answer, and unbought listings can be reported expired) and charge transactions whose fate is open.
 */
package io.billinggateway.provider.evm.state;
