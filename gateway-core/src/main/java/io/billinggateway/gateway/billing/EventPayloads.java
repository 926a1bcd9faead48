package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.subscription.Subscription;

import java.util.LinkedHashMap;
import java.util.Map;

/** The payloads of the outbox events the transitions write; one shape per entity, extended per event. */
final class EventPayloads {
    private EventPayloads() {
    }

    static Map<String, Object> payment(LedgerEntry entry, Map<String, String> extra) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ledgerId", entry.id().toString());
        payload.put("userId", entry.userId());
        payload.put("network", entry.network());
        payload.put("productType", entry.productType());
        payload.put("productId", entry.productId());
        payload.put("token", entry.token());
        payload.put("amount", entry.amount().toString());
        payload.putAll(extra);
        return payload;
    }

    static Map<String, Object> subscription(Subscription subscription, Map<String, String> extra) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subscriptionId", subscription.id().toString());
        payload.put("userId", subscription.userId());
        payload.put("planId", subscription.planId().toString());
        payload.put("network", subscription.network());
        payload.putAll(extra);
        return payload;
    }
}
