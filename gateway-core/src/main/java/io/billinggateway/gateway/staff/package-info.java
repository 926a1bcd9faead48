/**
 * Staff search and detail over the ledger and subscriptions ({@code support} and {@code billing_admin} read): filters
 * checked strictly, keyset pages behind opaque cursors, CSV export safe to open in a spreadsheet.
 */
package io.billinggateway.gateway.staff;
