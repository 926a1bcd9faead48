package io.billinggateway.contracts;

import java.math.BigInteger;

/** The fate of one item of a charge: charged or skipped with a reason. Every item of a batch gets exactly one. */
public sealed interface ChargeOutcome permits SubscriptionEvent.Charged, SubscriptionEvent.ChargeSkipped {

    BigInteger subscriptionId();

    EventLocation location();
}
