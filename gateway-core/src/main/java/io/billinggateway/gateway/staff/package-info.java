/**
 * Staff search and detail over the ledger and subscriptions ({@code support} and {@code billing_admin} read): filters
 * checked strictly, keyset pages behind opaque cursors, CSV export safe to open in a spreadsheet; detail pages with the
 * status history. Staff actions ({@code billing_admin}: cancel, retry now, correct) translate into the transitions of
 * the {@code billing} package, once per {@code Idempotency-Key}, each with a reason and an audit entry.
 */
package io.billinggateway.gateway.staff;
