/** The audit log: every admin change with who made it, what it was, and the state before and after. */
package io.billinggateway.gateway.audit;
