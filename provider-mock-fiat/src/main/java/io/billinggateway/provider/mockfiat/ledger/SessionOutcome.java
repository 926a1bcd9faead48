package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.ErrorCode;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Where a checkout session stands. Every state but {@link Open} is final. */
public sealed interface SessionOutcome {
    /**
     * Waiting for the payer. A declined card does not end the session (as on Stripe's hosted checkout): the page shows
     * why and the payer tries another card; only the payer's "Decline", the expiry or too many declined cards end it.
     *
     * @param lastDecline the latest card declined on this session, shown on the page; empty before any
     * @param declinedAttempts how many cards were declined on this session so far
     */
    record Open(Optional<Failed> lastDecline, int declinedAttempts) implements SessionOutcome {
        public Open {
            requireNonNull(lastDecline, "lastDecline is null");
            if (declinedAttempts < 0 || lastDecline.isPresent() != declinedAttempts > 0) {
                throw new IllegalArgumentException("a session with " + declinedAttempts + " declined attempts cannot have lastDecline " + lastDecline);
            }
        }

        /** A session nobody has tried to pay yet. */
        public Open() {
            this(Optional.empty(), 0);
        }

        /** This session after one more declined card. */
        public Open declined(Failed decline) {
            return new Open(Optional.of(decline), declinedAttempts + 1);
        }
    }

    /**
     * The payment was captured.
     *
     * @param subscriptionId the subscription the payment started, for a subscription checkout
     */
    record Paid(String paymentId, Optional<String> subscriptionId, String cardLastFourDigits, Instant completedAt) implements SessionOutcome {
        public Paid {
            requireNonNull(paymentId, "paymentId is null");
            requireNonNull(subscriptionId, "subscriptionId is null");
            requireNonNull(cardLastFourDigits, "cardLastFourDigits is null");
            requireNonNull(completedAt, "completedAt is null");
        }
    }

    /** The card was declined, could not be processed, or the payer declined; nothing was captured. */
    record Failed(ErrorCode code, String declineCode, String reason, Instant completedAt) implements SessionOutcome {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(declineCode, "declineCode is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(completedAt, "completedAt is null");
        }
    }

    /** Nobody paid before the session's expiry. */
    record Expired(Instant expiredAt) implements SessionOutcome {
        public Expired {
            requireNonNull(expiredAt, "expiredAt is null");
        }
    }

    /** The name shown in the test API and on the hosted page: {@code open}, {@code paid}, {@code failed} or {@code expired}. */
    default String status() {
        return switch (this) {
            case Open ignored -> "open";
            case Paid ignored -> "paid";
            case Failed ignored -> "failed";
            case Expired ignored -> "expired";
        };
    }

    default JsonObject toJson() {
        JsonObject json = JsonObject.empty().with("status", status());
        return switch (this) {
            case Open open -> open.lastDecline().isEmpty() ? json : json
                    .with("declinedAttempts", open.declinedAttempts())
                    .with("lastDecline", open.lastDecline().get().toJson());
            case Paid paid -> json
                    .with("paymentId", paid.paymentId())
                    .with("subscriptionId", paid.subscriptionId())
                    .with("cardLastFourDigits", paid.cardLastFourDigits())
                    .with("completedAt", paid.completedAt());
            case Failed failed -> json
                    .with("code", failed.code().name())
                    .with("declineCode", failed.declineCode())
                    .with("reason", failed.reason())
                    .with("completedAt", failed.completedAt());
            case Expired expired -> json.with("expiredAt", expired.expiredAt());
        };
    }

    static SessionOutcome fromJson(JsonObject json) {
        String status = json.string("status");
        return switch (status) {
            case "open" -> json.has("lastDecline")
                    ? new Open(Optional.of((Failed) fromJson(json.object("lastDecline"))), (int) json.number("declinedAttempts"))
                    : new Open();
            case "paid" -> new Paid(json.string("paymentId"), json.optionalString("subscriptionId"),
                    json.string("cardLastFourDigits"), json.instant("completedAt"));
            case "failed" -> new Failed(ErrorCode.valueOf(json.string("code")), json.string("declineCode"),
                    json.string("reason"), json.instant("completedAt"));
            case "expired" -> new Expired(json.instant("expiredAt"));
            default -> throw new IllegalArgumentException("unknown session status '" + status + "'");
        };
    }
}
