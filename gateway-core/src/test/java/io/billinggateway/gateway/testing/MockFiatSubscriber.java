package io.billinggateway.gateway.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A new user who subscribes to a plan on the mock PSP's {@code fiat} network through the API and pays on the hosted page. */
public final class MockFiatSubscriber {
    private MockFiatSubscriber() {
    }

    /** Subscribes, pays with {@code card}, waits until the PSP's webhook activated the subscription; returns its id. */
    public static UUID subscribeAndPay(TestingGateway gateway, TestingDatabase database, String planSlug, String card) {
        String user = "user-" + UUID.randomUUID();
        TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", TestingGateway.token(user), """
                {"plan": "%s", "network": "fiat"}""".formatted(planSlug), "Idempotency-Key", "subscribe-" + user);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        assertThat(MockFiatPayer.pay(subscribed.json().get("payload").get("url").getStringValue(), card)).isEqualTo(200);
        Eventually.await("the subscription of " + card + " to be activated", Duration.ofSeconds(20),
                () -> database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE user_id = ? AND status = 'active'", user), active -> active == 1);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM billing_subscription_state WHERE user_id = ?")) {
            statement.setString(1, user);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return UUID.fromString(rows.getString(1));
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
