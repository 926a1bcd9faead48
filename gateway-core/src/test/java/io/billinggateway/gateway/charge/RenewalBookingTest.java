package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money moved once is booked once: a provider that answers a renewal with a transaction the subscription already has a
 * payment on (its checkout's) does not make the gateway book that transaction again as a renewal. Before, the mock PSP
 * briefly answered periods inside the checkout's paid period with the checkout's payment, and the gateway booked 1,209
 * renewals that no charge paid for (TwoGatewayProcessesChargeTest).
 */
class RenewalBookingTest {
    private static final String ADMIN = TestingGateway.token("admin-booking", "billing_admin");
    private static final BigInteger PRICE = BigInteger.valueOf(1999);

    @TempDir
    Path home;

    @Test
    void aTransactionTheSubscriptionAlreadyHasAPaymentOnIsNeverBookedAgainAsARenewal() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            TestingGateway.Response plan = gateway.post("/v1/billing/admin/plans", ADMIN, """
                    {"slug": "booking", "name": "Booking", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""");
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            UUID id = MockFiatSubscriber.subscribeAndPay(gateway, database, "booking", MockFiatPayer.SUCCESS_CARD);
            Eventually.await("the checkout's payment to be confirmed", Duration.ofSeconds(20), () -> database.count(
                    "SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND status = 'confirmed' AND tx_hash IS NOT NULL", id), n -> n == 1);
            String checkoutTransaction = database.text("SELECT tx_hash FROM payment_transactions WHERE subscription_id = ?", id);
            Subscriptions transitions = gateway.context().getBean(Subscriptions.class);
            SubscriptionRepository subscriptions = gateway.context().getBean(SubscriptionRepository.class);
            Database store = gateway.context().getBean(Database.class);
            Subscription subscription = store.inTransaction(connection -> subscriptions.find(id)).orElseThrow();
            Instant providersNext = subscription.nextChargeAt().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);

            boolean booked = store.inTransaction(connection -> transitions.renew(subscription, checkoutTransaction, PRICE, Instant.now(), providersNext, Cause.system(Cause.Kind.CHARGE)));

            assertThat(booked).as("the checkout's transaction booked as a renewal").isFalse();
            assertThat(renewals(database, id)).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = ?", Outbox.SUBSCRIPTION_CHARGED)).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND next_charge_at = ?", id, Timestamp.from(providersNext)))
                    .as("the subscription follows the provider's next charge").isEqualTo(1);

            Instant following = providersNext.plus(Duration.ofDays(30));
            boolean renewed = store.inTransaction(connection -> transitions.renew(subscriptions.find(id).orElseThrow(), "pay_renewal_1", PRICE,
                    Instant.now(), following, Cause.system(Cause.Kind.CHARGE)));
            boolean again = store.inTransaction(connection -> transitions.renew(subscriptions.find(id).orElseThrow(), "pay_renewal_1", PRICE,
                    Instant.now(), following, Cause.system(Cause.Kind.CHARGE)));

            assertThat(renewed).as("a new transaction is a renewal").isTrue();
            assertThat(again).as("the same renewal reported twice").isFalse();
            assertThat(renewals(database, id)).isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = ?", Outbox.SUBSCRIPTION_CHARGED)).isEqualTo(1);
        }
    }

    private static long renewals(TestingDatabase database, UUID subscription) {
        return database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal'", subscription);
    }
}
