package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.TestingDatabase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test's side of {@link TestingLedgerPsp}: creates subscriptions that the PSP and the gateway both know (active,
 * due, with a confirmed checkout payment), steers the PSP (hang, slow, fail) and reads its books. The PSP's books
 * live in a schema of their own, as a real PSP's live in its own database.
 */
public final class TestingLedgerPspBooks implements AutoCloseable {
    public static final long AMOUNT = 1999;
    public static final String ASSET = "USD";

    private final TestingDatabase gateway;
    private final TestingDatabase psp;
    private final UUID planId = UUID.randomUUID();

    private TestingLedgerPspBooks(TestingDatabase gateway, TestingDatabase psp) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.psp = requireNonNull(psp, "psp is null");
    }

    /** Creates the PSP's books in a new schema; seeding needs the gateway's schema migrated (a gateway started on it). */
    public static TestingLedgerPspBooks open(TestingDatabase gateway) {
        TestingLedgerPspBooks books = new TestingLedgerPspBooks(gateway, TestingDatabase.postgres());
        books.run(books.psp, connection -> {
            TestingLedgerPsp.createTables(connection);
            return null;
        });
        return books;
    }

    /** The PSP's database. */
    public TestingDatabase pspDatabase() {
        return psp;
    }

    @Override
    public void close() {
        psp.close();
    }

    /** The gateway properties of a testing-psp network named {@code network}, plus {@code charge-*} lane settings. */
    public Map<String, Object> networkProperties(String network, Map<String, String> laneSettings) {
        Map<String, Object> properties = new HashMap<>();
        String prefix = "billing.networks." + network + ".";
        properties.put(prefix + "provider", TestingLedgerPspFactory.PROVIDER_ID);
        properties.put(prefix + "chain-id", "testpsp:" + network);
        properties.put(prefix + "jdbc-url", psp.url());
        laneSettings.forEach((key, value) -> properties.put(prefix + key, value));
        return properties;
    }

    /** The same as environment variables, for a gateway process. */
    public Map<String, String> networkEnvironment(String network, Map<String, String> laneSettings) {
        Map<String, String> environment = new HashMap<>();
        networkProperties(network, laneSettings).forEach((key, value) -> environment.put(
                key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT), String.valueOf(value)));
        return environment;
    }

    /** A subscription as seeded. */
    public record Seeded(UUID id, String network, String ref, Instant dueAt) {
    }

    /**
     * Seeds {@code count} active subscriptions on {@code network}, due at {@code dueAt}, with the PSP's {@code behaviour}
     * (see {@link TestingLedgerPsp}) and the PSP's status {@code pspStatus}.
     */
    public List<Seeded> seed(String network, int count, String behaviour, String pspStatus, Instant due, Duration period) {
        Instant dueAt = due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Seeded> seeded = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            UUID id = UUID.randomUUID();
            seeded.add(new Seeded(id, network, "sub_" + id.toString().replace("-", ""), dueAt));
        }
        // The PSP first: a running lane may charge a subscription as soon as the gateway's row commits.
        run(psp, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO testing_psp_subscription (network, ref, amount, asset, status, behaviour, period_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Seeded subscription : seeded) {
                    set(insert, network, subscription.ref(), BigDecimal.valueOf(AMOUNT), ASSET, pspStatus, behaviour, period.toSeconds());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
        run(gateway, connection -> {
            connection.setAutoCommit(false);
            Instant now = Instant.now();
            ensurePlan(connection, period, now);
            try (PreparedStatement payment = connection.prepareStatement("""
                    INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, subscription_id,
                           token, amount, status, provider_reference, tx_hash, confirmed_at, created_at, updated_at, row_version)
                    VALUES (?, ?, ?, ?, ?, 'plan_subscription', ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, 1)""");
                 PreparedStatement subscription = connection.prepareStatement("""
                    INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, provider_subscription_ref,
                           checkout_ledger_id, token, amount, billing_period_seconds, status, current_period_start, next_charge_at, created_at, updated_at, row_version)
                    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, 1)""")) {
                for (Seeded seed : seeded) {
                    UUID checkout = UUID.randomUUID();
                    String user = "user-" + seed.id();
                    set(payment, checkout, user, network, "testpsp:" + network, TestingLedgerPspFactory.PROVIDER_ID, planId.toString(), planId, seed.id(),
                            ASSET, BigDecimal.valueOf(AMOUNT), "cs_" + seed.ref(), "pay_" + seed.ref(), time(dueAt.minus(period)), time(now), time(now));
                    payment.addBatch();
                    set(subscription, seed.id(), user, planId, network, "testpsp:" + network, TestingLedgerPspFactory.PROVIDER_ID, seed.ref(), checkout, ASSET,
                            BigDecimal.valueOf(AMOUNT), period.toSeconds(), time(dueAt.minus(period)), time(dueAt), time(now), time(now));
                    subscription.addBatch();
                }
                payment.executeBatch();
                subscription.executeBatch();
            }
            connection.commit();
            return null;
        });
        return seeded;
    }

    public List<Seeded> seed(String network, int count, String behaviour, Instant dueAt, Duration period) {
        return seed(network, count, behaviour, "active", dueAt, period);
    }

    private void ensurePlan(Connection connection, Duration period, Instant now) throws SQLException {
        try (PreparedStatement plan = connection.prepareStatement("""
                INSERT INTO billing_plans (id, slug, name, billing_period_seconds, status, terms_version, created_at, updated_at, row_version)
                VALUES (?, ?, 'Charge test plan', ?, 'ACTIVE', 1, ?, ?, 1) ON CONFLICT DO NOTHING""")) {
            set(plan, planId, "charge-" + planId.toString().substring(0, 8), period.toSeconds(), time(now), time(now));
            plan.executeUpdate();
        }
    }

    /** Makes every call on the network block until {@code hang} is set back to false. */
    public void hang(String network, boolean hang) {
        control(network, "hang", hang);
    }

    /** Makes every call on the network take {@code millis} longer (half before, half after booking). */
    public void delay(String network, int millis) {
        control(network, "delay_ms", millis);
    }

    /** Makes every call on the network fail as a whole with {@code code}; null to stop. */
    public void failCalls(String network, String code) {
        control(network, "fail_code", code);
    }

    private void control(String network, String column, Object value) {
        run(psp, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO testing_psp_control (network) VALUES (?) ON CONFLICT DO NOTHING");
                 PreparedStatement update = connection.prepareStatement("UPDATE testing_psp_control SET " + column + " = ? WHERE network = ?")) {
                set(insert, network);
                insert.executeUpdate();
                set(update, value, network);
                return update.executeUpdate();
            }
        });
    }

    /** Money movements on the network. */
    public long charges(String network) {
        return psp.count("SELECT COUNT(*) FROM testing_psp_charge WHERE network = ?", network);
    }

    /** The next charge time the PSP reported for its charges of a subscription, latest first. */
    public List<Instant> reportedNextCharges(String ref) {
        return run(psp, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT next_charge_at FROM testing_psp_charge WHERE ref = ? AND next_charge_at IS NOT NULL ORDER BY next_charge_at DESC")) {
                select.setString(1, ref);
                try (var rows = select.executeQuery()) {
                    List<Instant> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(rows.getObject(1, java.time.OffsetDateTime.class).toInstant());
                    }
                    return result;
                }
            }
        });
    }

    /** Items submitted by chargeBatch calls on the network, including resubmissions. */
    public long submissions(String network) {
        return psp.count("SELECT COUNT(*) FROM testing_psp_submission WHERE network = ?", network);
    }

    /** Items submitted more than once for the same period. */
    public long resubmissions(String network) {
        return psp.count("""
                SELECT COALESCE(SUM(copies - 1), 0) FROM (SELECT COUNT(*) AS copies FROM testing_psp_submission WHERE network = ? GROUP BY ref, period_start) s""", network);
    }

    /** Subscriptions charged for more than one period. */
    public long chargedTwice(String network) {
        return psp.count("SELECT COUNT(*) FROM (SELECT ref FROM testing_psp_charge WHERE network = ? GROUP BY ref HAVING COUNT(*) > 1) s", network);
    }

    public long cancels(String ref, String initiator) {
        return psp.count("SELECT COUNT(*) FROM testing_psp_cancel WHERE ref = ? AND initiator = ?", ref, initiator);
    }

    /** How many subscriptions of the network the gateway has moved to the period after {@code due}. */
    public long advancedOnePeriod(String network, Instant due, Duration period) {
        Instant dueAt = due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return gateway.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = ? AND status = 'active' AND current_period_start = ? AND next_charge_at = ?",
                network, time(dueAt), time(dueAt.plus(period)));
    }

    /**
     * Every one of the network's {@code count} subscriptions, all due at {@code due}, was charged exactly once for that
     * period: once at the PSP, never for a second period, one renewal in the ledger and one charged event, every
     * charged attempt of a period naming the same transaction, {@code next_charge_at} one period on, no claim left.
     */
    public void assertChargedExactlyOnce(String network, int count, Instant due, Duration period) {
        assertThat(charges(network)).as("money movements on %s", network).isEqualTo(count);
        assertThat(chargedTwice(network)).as("subscriptions charged for two periods on %s", network).isZero();
        assertThat(gateway.count("SELECT COUNT(*) FROM payment_transactions WHERE network = ? AND product_type = 'subscription_renewal' AND status = 'confirmed'", network))
                .as("renewals in the ledger of %s", network).isEqualTo(count);
        assertThat(gateway.count("SELECT COUNT(DISTINCT subscription_id) FROM billing_charge_attempt WHERE network = ? AND outcome = 'charged'", network))
                .as("subscriptions with a charged attempt on %s", network).isEqualTo(count);
        assertThat(gateway.count("""
                SELECT COUNT(*) FROM (SELECT subscription_id FROM billing_charge_attempt WHERE network = ? AND outcome = 'charged'
                GROUP BY subscription_id, period_start HAVING COUNT(DISTINCT tx_hash) > 1) s""", network))
                .as("periods with two different transactions on %s", network).isZero();
        assertThat(gateway.count("SELECT COUNT(*) FROM billing_outbox o JOIN billing_subscription_state s ON s.id::text = o.aggregate_id "
                + "WHERE s.network = ? AND o.event_type = 'billing.subscription.charged.v1'", network)).as("charged events on %s", network).isEqualTo(count);
        assertThat(advancedOnePeriod(network, due, period)).as("subscriptions of %s advanced exactly one period", network).isEqualTo(count);
        assertThat(gateway.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = ? AND claimed_by IS NOT NULL", network))
                .as("claims left on %s", network).isZero();
    }

    /** The gateway's row of a subscription, by column name; timestamps as {@link Instant}. */
    public Map<String, Object> subscription(UUID id) {
        List<Map<String, Object>> rows = query("SELECT * FROM billing_subscription_state WHERE id = ?", id);
        if (rows.size() != 1) {
            throw new IllegalStateException("no subscription " + id);
        }
        return rows.getFirst();
    }

    /** Rows of a query on the gateway's database, by column name; timestamps as {@link Instant}. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        return run(gateway, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                set(statement, parameters);
                try (var rows = statement.executeQuery()) {
                    List<Map<String, Object>> result = new ArrayList<>();
                    var meta = rows.getMetaData();
                    while (rows.next()) {
                        Map<String, Object> row = new HashMap<>();
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            Object value = rows.getObject(column);
                            if (value instanceof java.sql.Timestamp timestamp) {
                                value = timestamp.toInstant();
                            }
                            row.put(meta.getColumnLabel(column), value);
                        }
                        result.add(row);
                    }
                    return result;
                }
            }
        });
    }

    /** A statement on the gateway's database. */
    public void update(String sql, Object... parameters) {
        run(gateway, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                set(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T run(TestingDatabase database, SqlWork<T> work) {
        try (Connection connection = database.connect()) {
            return work.run(connection);
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int index = 0; index < parameters.length; index++) {
            Object value = parameters[index];
            statement.setObject(index + 1, value instanceof Instant instant ? time(instant) : value);
        }
    }

    private static java.time.OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
