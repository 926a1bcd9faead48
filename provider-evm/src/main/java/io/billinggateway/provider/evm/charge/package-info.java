/**
 * Renewals by {@code chargeBatch} from the AUTOMATION key with one outcome per item read from the receipt, and
 * the end of subscriptions (unsubscribe payload, forceCancel, markFailedCharge).
 */
package io.billinggateway.provider.evm.charge;
