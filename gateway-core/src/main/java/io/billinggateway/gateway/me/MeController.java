package io.billinggateway.gateway.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** The authenticated user's subscriptions and payments; nobody sees another user's. */
@Controller("/v1/billing/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MeController {
    private static final int MAX_HISTORY = 500;

    private final Database database;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptions;

    MeController(Database database, LedgerRepository ledger, SubscriptionRepository subscriptions) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
    }

    /** One subscription; amounts are integer minor units of {@code token} as strings. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionView(UUID id, UUID planId, String status, String network, String chainId, String token, String amount, String billingPeriod,
                            Instant currentPeriodStart, Instant nextChargeAt, Instant retryAt, int failureCount, String lastError,
                            Instant cancelledAt, Instant createdAt) {
        static SubscriptionView of(Subscription subscription) {
            return new SubscriptionView(subscription.id(), subscription.planId(), subscription.status().value(), subscription.network(),
                    subscription.chainId(), subscription.token(), subscription.amount().toString(), subscription.billingPeriod().iso(),
                    subscription.currentPeriodStart(), subscription.nextChargeAt(), subscription.retryAt(), subscription.failureCount(),
                    subscription.lastError(), subscription.cancelledAt(), subscription.createdAt());
        }
    }

    /** One payment of the history (seed: tx hash, network, token, amount, status). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PaymentView(UUID id, String status, String productType, String productId, UUID subscriptionId, String network, String chainId,
                       String token, String amount, String refundedAmount, String txHash, String failureReason, Instant confirmedAt, Instant createdAt) {
        static PaymentView of(LedgerEntry entry) {
            return new PaymentView(entry.id(), entry.status().value(), entry.productType(), entry.productId(), entry.subscriptionId(), entry.network(),
                    entry.chainId(), entry.token(), entry.amount().toString(), entry.refundedAmount().toString(), entry.txHash(), entry.failureReason(),
                    entry.confirmedAt(), entry.createdAt());
        }
    }

    /** The caller's subscriptions: status, next charge, retries and last error. */
    @Get("/subscriptions")
    List<SubscriptionView> subscriptions(Authentication authentication) {
        return database.inTransaction(connection -> subscriptions.forUser(authentication.getName()).stream().map(SubscriptionView::of).toList());
    }

    /** Payments, newest first; {@code limit} 1 to 500 (default 100). */
    @Get("/history")
    List<PaymentView> history(Authentication authentication, @Nullable @QueryValue String limit) {
        int bounded = QueryValues.integer("limit", limit, 1, MAX_HISTORY, 100);
        return database.inTransaction(connection -> ledger.forUser(authentication.getName(), bounded).stream().map(PaymentView::of).toList());
    }
}
