package io.billinggateway.provider.mockfiat.webhook;

import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonException;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The webhook events of the mock PSP: how each is written, and how a verified body is read back into
 * {@link BillingEvent}s. Amounts are strings of integer minor units; instants are ISO-8601 in UTC.
 *
 * <table>
 *   <caption>Event types</caption>
 *   <tr><th>type</th><th>data</th><th>read as</th></tr>
 *   <tr><td>{@code payment.succeeded}</td><td>checkoutSession, payment, amount, currency</td><td>{@link BillingEvent.PaymentConfirmed}</td></tr>
 *   <tr><td>{@code payment.failed}</td><td>checkoutSession, code, declineCode, reason</td><td>{@link BillingEvent.PaymentFailed}</td></tr>
 *   <tr><td>{@code payment.refunded}</td><td>payment, refund, amount, currency</td><td>{@link BillingEvent.PaymentRefunded}</td></tr>
 *   <tr><td>{@code subscription.activated}</td><td>checkoutSession, subscription, nextChargeAt</td><td>{@link BillingEvent.SubscriptionActivated}</td></tr>
 *   <tr><td>{@code subscription.charged}</td><td>subscription, payment, periodStart, amount, currency, nextChargeAt</td><td>{@link BillingEvent.SubscriptionCharged}</td></tr>
 *   <tr><td>{@code subscription.charge_failed}</td><td>subscription, periodStart, code, declineCode, reason, final</td><td>{@link BillingEvent.SubscriptionChargeFailed}</td></tr>
 *   <tr><td>{@code subscription.cancelled}</td><td>subscription, cancelledAt</td><td>{@link BillingEvent.SubscriptionCancelled}</td></tr>
 *   <tr><td>{@code price.updated}</td><td>price, status</td><td>{@link BillingEvent.PlanStatusChanged}</td></tr>
 * </table>
 */
public final class WebhookEvents {
    public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
    public static final String PAYMENT_FAILED = "payment.failed";
    public static final String PAYMENT_REFUNDED = "payment.refunded";
    public static final String SUBSCRIPTION_ACTIVATED = "subscription.activated";
    public static final String SUBSCRIPTION_CHARGED = "subscription.charged";
    public static final String SUBSCRIPTION_CHARGE_FAILED = "subscription.charge_failed";
    public static final String SUBSCRIPTION_CANCELLED = "subscription.cancelled";
    public static final String PRICE_UPDATED = "price.updated";

    private WebhookEvents() {
    }

    public static WebhookEvent paymentSucceeded(Instant at, String sessionId, String paymentId, Money amount) {
        return event(PAYMENT_SUCCEEDED, at, JsonObject.empty()
                .with("checkoutSession", sessionId)
                .with("payment", paymentId)
                .with("amount", amount.minorUnits().toString())
                .with("currency", amount.asset()));
    }

    public static WebhookEvent paymentFailed(Instant at, String sessionId, ErrorCode code, String declineCode, String reason) {
        return event(PAYMENT_FAILED, at, JsonObject.empty()
                .with("checkoutSession", sessionId)
                .with("code", code.name())
                .with("declineCode", declineCode)
                .with("reason", reason));
    }

    public static WebhookEvent paymentRefunded(Instant at, String paymentId, String refundId, Money amount) {
        return event(PAYMENT_REFUNDED, at, JsonObject.empty()
                .with("payment", paymentId)
                .with("refund", refundId)
                .with("amount", amount.minorUnits().toString())
                .with("currency", amount.asset()));
    }

    public static WebhookEvent subscriptionActivated(Instant at, String sessionId, String subscriptionId, Instant nextChargeAt) {
        return event(SUBSCRIPTION_ACTIVATED, at, JsonObject.empty()
                .with("checkoutSession", sessionId)
                .with("subscription", subscriptionId)
                .with("nextChargeAt", nextChargeAt));
    }

    public static WebhookEvent subscriptionCharged(Instant at, String subscriptionId, String paymentId, Instant periodStart, Money amount, Instant nextChargeAt) {
        return event(SUBSCRIPTION_CHARGED, at, JsonObject.empty()
                .with("subscription", subscriptionId)
                .with("payment", paymentId)
                .with("periodStart", periodStart)
                .with("amount", amount.minorUnits().toString())
                .with("currency", amount.asset())
                .with("nextChargeAt", nextChargeAt));
    }

    public static WebhookEvent subscriptionChargeFailed(Instant at, String subscriptionId, Instant periodStart, ErrorCode code, String declineCode, String reason) {
        return event(SUBSCRIPTION_CHARGE_FAILED, at, JsonObject.empty()
                .with("subscription", subscriptionId)
                .with("periodStart", periodStart)
                .with("code", code.name())
                .with("declineCode", declineCode)
                .with("reason", reason)
                // the PSP never ends a subscription on its own; the gateway decides when retries are over
                .with("final", false));
    }

    public static WebhookEvent subscriptionCancelled(Instant at, String subscriptionId) {
        return event(SUBSCRIPTION_CANCELLED, at, JsonObject.empty()
                .with("subscription", subscriptionId)
                .with("cancelledAt", at));
    }

    public static WebhookEvent priceUpdated(Instant at, String priceId, PlanStatus status) {
        return event(PRICE_UPDATED, at, JsonObject.empty()
                .with("price", priceId)
                .with("status", status.name()));
    }

    /**
     * Reads a verified webhook into events: one event for every known type, none for a type this version does not know.
     *
     * @throws BillingException {@link ErrorCode#INVALID_REQUEST} when the body is not a well-formed event
     */
    public static List<BillingEvent> parse(VerifiedWebhook webhook) {
        requireNonNull(webhook, "webhook is null");
        String eventId = webhook.messageId();
        try {
            JsonObject envelope = Json.parseObject(webhook.body());
            String type = envelope.string("type");
            Instant occurredAt = envelope.instant("timestamp");
            JsonObject data = envelope.object("data");
            Optional<BillingEvent> event = switch (type) {
                case PAYMENT_SUCCEEDED -> Optional.of(new BillingEvent.PaymentConfirmed(eventId, occurredAt,
                        data.string("checkoutSession"), data.string("payment"), money(data)));
                case PAYMENT_FAILED -> Optional.of(new BillingEvent.PaymentFailed(eventId, occurredAt,
                        data.string("checkoutSession"), errorCode(data), data.string("reason")));
                case PAYMENT_REFUNDED -> Optional.of(new BillingEvent.PaymentRefunded(eventId, occurredAt,
                        data.string("payment"), data.string("refund"), money(data)));
                case SUBSCRIPTION_ACTIVATED -> Optional.of(new BillingEvent.SubscriptionActivated(eventId, occurredAt,
                        data.string("checkoutSession"), data.string("subscription"), data.optionalInstant("nextChargeAt")));
                case SUBSCRIPTION_CHARGED -> Optional.of(new BillingEvent.SubscriptionCharged(eventId, occurredAt,
                        data.string("subscription"), data.string("payment"), money(data), data.optionalInstant("nextChargeAt")));
                case SUBSCRIPTION_CHARGE_FAILED -> Optional.of(new BillingEvent.SubscriptionChargeFailed(eventId, occurredAt,
                        data.string("subscription"), errorCode(data), data.string("reason"), data.bool("final")));
                case SUBSCRIPTION_CANCELLED -> Optional.of(new BillingEvent.SubscriptionCancelled(eventId, occurredAt, data.string("subscription")));
                case PRICE_UPDATED -> Optional.of(new BillingEvent.PlanStatusChanged(eventId, occurredAt,
                        data.string("price"), PlanStatus.valueOf(data.string("status"))));
                default -> Optional.empty();
            };
            return event.stream().toList();
        }
        catch (JsonException | IllegalArgumentException e) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "webhook " + eventId + " is not a well-formed mock-fiat event: " + e.getMessage(), e);
        }
    }

    private static Money money(JsonObject data) {
        return new Money(data.integerString("amount"), data.string("currency"));
    }

    private static ErrorCode errorCode(JsonObject data) {
        return ErrorCode.valueOf(data.string("code"));
    }

    private static WebhookEvent event(String type, Instant at, JsonObject data) {
        requireNonNull(at, "at is null");
        return new WebhookEvent(type, Json.write(JsonObject.empty()
                .with("type", type)
                .with("timestamp", at)
                .with("data", data)));
    }
}
