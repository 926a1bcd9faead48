package io.billinggateway.gateway.charge;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.RenewalSchedule;
import io.billinggateway.spi.SkipReason;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A card PSP whose books are PostgreSQL tables, so that every gateway process of a test (and the test itself) sees
 * the same PSP. Like a real PSP it moves money at most once per (subscription, period start); unlike one, it also
 * writes every item of every {@code chargeBatch} call to {@code testing_psp_submission}, so a double submission by
 * the gateway shows even when the dedup hides it.
 *
 * <p>Each subscription has a {@code behaviour}: {@code ok} (charged, no next charge time reported), {@code scheduled}
 * (charged, and reports its own next charge time by the renewal policy on a clock one hour ahead of the gateway's, as
 * a chain's block time may be), {@code wallet} (charged; a subscriber's cancellation needs the subscriber's signature, so
 * it answers {@code ActionRequired} and cancels nothing, as on a chain), {@code insufficient-funds} and
 * {@code declined} (failed, retryable and final), {@code insufficient-balance}, {@code no-plan}, {@code not-due},
 * {@code plan-inactive} (skipped with that reason) or {@code pending}. The {@code testing_psp_control} row of a
 * network makes its calls hang, slow ({@code delay_ms}, half before and half after the books are written, so a
 * process killed in the second half has moved money it never recorded) or fail as a whole ({@code fail_code}).
 */
final class TestingLedgerPsp implements BillingProvider {
    /** How far the {@code scheduled} behaviour's clock runs ahead of the gateway's. */
    static final Duration CLOCK_AHEAD = Duration.ofHours(1);
    private final NetworkDescription description;
    private final String network;
    private final String asset;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    TestingLedgerPsp(NetworkConfig config, Clock clock) {
        this.network = config.network();
        this.asset = config.require("asset");
        this.jdbcUrl = config.require("jdbc-url");
        this.jdbcUser = config.require("jdbc-user");
        this.clock = clock;
        this.description = new NetworkDescription(network, TestingLedgerPspFactory.PROVIDER_ID, config.chainId(), List.of(Asset.nativeAsset(asset, 2)),
                Set.of(Capability.RECURRING_CHARGE, Capability.BATCH_CHARGE), 0, config.getInt("max-batch-size").orElse(100),
                config.getDuration("longest-charge-call"));
        withConnection(connection -> {
            createTables(connection);
            return null;
        });
    }

    /** Creates the PSP's tables unless they exist; tests call it before starting gateways, so processes never race here. */
    static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS testing_psp_subscription (
                        network VARCHAR(32) NOT NULL, ref VARCHAR(200) NOT NULL, amount NUMERIC(78,0) NOT NULL, asset VARCHAR(16) NOT NULL,
                        status VARCHAR(16) NOT NULL, behaviour VARCHAR(32) NOT NULL, period_seconds BIGINT, PRIMARY KEY (network, ref))""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS testing_psp_charge (
                        network VARCHAR(32) NOT NULL, ref VARCHAR(200) NOT NULL, period_start TIMESTAMP WITH TIME ZONE NOT NULL,
                        tx_ref VARCHAR(80) NOT NULL UNIQUE, amount NUMERIC(78,0) NOT NULL, charged_at TIMESTAMP WITH TIME ZONE NOT NULL,
                        next_charge_at TIMESTAMP WITH TIME ZONE, PRIMARY KEY (network, ref, period_start))""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS testing_psp_submission (
                        id BIGSERIAL PRIMARY KEY, network VARCHAR(32) NOT NULL, ref VARCHAR(200) NOT NULL,
                        period_start TIMESTAMP WITH TIME ZONE NOT NULL, call_id VARCHAR(40) NOT NULL, submitted_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS testing_psp_cancel (
                        network VARCHAR(32) NOT NULL, ref VARCHAR(200) NOT NULL, initiator VARCHAR(32) NOT NULL, cancelled_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS testing_psp_control (
                        network VARCHAR(32) PRIMARY KEY, hang BOOLEAN NOT NULL DEFAULT FALSE, delay_ms INTEGER NOT NULL DEFAULT 0, fail_code VARCHAR(40))""");
        }
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    @Override
    public HealthReport health() {
        return HealthReport.up(Map.of("books", "postgresql"));
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        throw new BillingException(ErrorCode.UNSUPPORTED, "testing-psp has no plans; tests create its subscriptions directly");
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        throw new BillingException(ErrorCode.UNSUPPORTED, "testing-psp has no plans");
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        throw new BillingException(ErrorCode.UNSUPPORTED, "testing-psp has no checkout; tests create its subscriptions directly");
    }

    private record Control(boolean hang, int delayMillis, Optional<ErrorCode> failCode) {
    }

    private record Booked(String status, String behaviour, BigDecimal amount, Optional<Duration> period) {
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        if (request.items().size() > description.maxBatchSize()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "testing-psp takes at most " + description.maxBatchSize() + " items, got " + request.items().size());
        }
        Control control = awaitNotHanging();
        control.failCode().ifPresent(code -> {
            throw new BillingException(code, "testing-psp was told to fail every call on network '" + network + "'");
        });
        pause(control.delayMillis() / 2);
        List<ChargeOutcome> outcomes = withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                List<ChargeOutcome> result = book(connection, request.items());
                connection.commit();
                return result;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        });
        pause(control.delayMillis() - control.delayMillis() / 2);
        return new ChargeBatchResult(outcomes);
    }

    private List<ChargeOutcome> book(Connection connection, List<ChargeItem> items) throws SQLException {
        String callId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        try (PreparedStatement submission = connection.prepareStatement(
                "INSERT INTO testing_psp_submission (network, ref, period_start, call_id, submitted_at) VALUES (?, ?, ?, ?, ?)")) {
            for (ChargeItem item : items) {
                submission.setString(1, network);
                submission.setString(2, item.subscriptionRef());
                submission.setObject(3, time(item.periodStart()));
                submission.setString(4, callId);
                submission.setObject(5, time(now));
                submission.addBatch();
            }
            submission.executeBatch();
        }
        Map<String, Booked> booked = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ref, status, behaviour, amount, period_seconds FROM testing_psp_subscription WHERE network = ? AND ref = ANY (?)")) {
            select.setString(1, network);
            select.setArray(2, connection.createArrayOf("varchar", items.stream().map(ChargeItem::subscriptionRef).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long periodSeconds = rows.getLong("period_seconds");
                    Optional<Duration> period = rows.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(periodSeconds));
                    booked.put(rows.getString("ref"), new Booked(rows.getString("status"), rows.getString("behaviour"), rows.getBigDecimal("amount"), period));
                }
            }
        }
        List<ChargeOutcome> outcomes = new ArrayList<>();
        for (ChargeItem item : items) {
            outcomes.add(outcome(connection, item, booked.get(item.subscriptionRef()), now));
        }
        return outcomes;
    }

    private ChargeOutcome outcome(Connection connection, ChargeItem item, Booked subscription, Instant now) throws SQLException {
        String ref = item.subscriptionRef();
        if (subscription == null) {
            return new ChargeOutcome.Failed(ref, ErrorCode.NOT_FOUND, "no subscription '" + ref + "' on network '" + network + "'");
        }
        if (!item.amount().asset().equals(asset) || new BigDecimal(item.amount().minorUnits()).compareTo(subscription.amount()) != 0) {
            return new ChargeOutcome.Failed(ref, ErrorCode.INVALID_REQUEST, "charge of " + item.amount() + " differs from the price " + subscription.amount() + " " + asset);
        }
        if ((subscription.behaviour().equals("ok") || subscription.behaviour().equals("wallet")) && subscription.status().equals("active")) {
            return charged(item, book(connection, item, now, Optional.empty()));
        }
        if (subscription.behaviour().equals("scheduled") && subscription.status().equals("active")) {
            Duration period = subscription.period().orElseThrow(() -> new IllegalStateException("a scheduled subscription needs its period"));
            return charged(item, book(connection, item, now, Optional.of(RenewalSchedule.nextChargeAt(item.periodStart(), period, now.plus(CLOCK_AHEAD)))));
        }
        Optional<Charge> earlier = chargedBefore(connection, item);
        if (earlier.isPresent()) {
            return charged(item, earlier.get());
        }
        if (!subscription.status().equals("active")) {
            return new ChargeOutcome.Skipped(ref, SkipReason.SUBSCRIPTION_INACTIVE, "subscription '" + ref + "' is " + subscription.status());
        }
        return switch (subscription.behaviour()) {
            case "insufficient-funds" -> new ChargeOutcome.Failed(ref, ErrorCode.INSUFFICIENT_FUNDS, "the card has insufficient funds");
            case "declined" -> new ChargeOutcome.Failed(ref, ErrorCode.PAYMENT_DECLINED, "the card was declined");
            case "insufficient-balance" -> new ChargeOutcome.Skipped(ref, SkipReason.INSUFFICIENT_BALANCE, "the balance does not cover " + item.amount());
            case "no-plan" -> new ChargeOutcome.Skipped(ref, SkipReason.NO_PLAN, "no plan for '" + ref + "'");
            case "not-due" -> new ChargeOutcome.Skipped(ref, SkipReason.NOT_DUE, "period " + item.periodStart() + " is not due");
            case "plan-inactive" -> new ChargeOutcome.Skipped(ref, SkipReason.PLAN_INACTIVE, "the plan is frozen");
            case "pending" -> new ChargeOutcome.Pending(ref, "pending_" + ref);
            default -> throw new IllegalStateException("unknown behaviour " + subscription.behaviour());
        };
    }

    /** One period's charge in the books: its transaction and the next charge time the PSP reported, if it keeps a schedule. */
    private record Charge(String transactionRef, Optional<Instant> nextChargeAt) {
    }

    private ChargeOutcome charged(ChargeItem item, Charge charge) {
        return new ChargeOutcome.Charged(item.subscriptionRef(), charge.transactionRef(), item.amount(), Money.of(0, asset), Optional.empty(), charge.nextChargeAt());
    }

    /** Moves the money of the period unless it moved before; either way returns the period's one charge. */
    private Charge book(Connection connection, ChargeItem item, Instant now, Optional<Instant> nextChargeAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO testing_psp_charge (network, ref, period_start, tx_ref, amount, charged_at, next_charge_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (network, ref, period_start) DO NOTHING RETURNING tx_ref""")) {
            insert.setString(1, network);
            insert.setString(2, item.subscriptionRef());
            insert.setObject(3, time(item.periodStart()));
            insert.setString(4, "tx_" + network + "_" + UUID.randomUUID().toString().replace("-", ""));
            insert.setBigDecimal(5, new BigDecimal(item.amount().minorUnits()));
            insert.setObject(6, time(now));
            insert.setObject(7, nextChargeAt.map(TestingLedgerPsp::time).orElse(null), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rows = insert.executeQuery()) {
                if (rows.next()) {
                    return new Charge(rows.getString(1), nextChargeAt);
                }
            }
        }
        return chargedBefore(connection, item).orElseThrow(() -> new IllegalStateException("charge of " + item + " neither inserted nor found"));
    }

    private Optional<Charge> chargedBefore(Connection connection, ChargeItem item) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT tx_ref, next_charge_at FROM testing_psp_charge WHERE network = ? AND ref = ? AND period_start = ?")) {
            select.setString(1, network);
            select.setString(2, item.subscriptionRef());
            select.setObject(3, time(item.periodStart()));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                java.time.OffsetDateTime next = rows.getObject(2, java.time.OffsetDateTime.class);
                return Optional.of(new Charge(rows.getString(1), Optional.ofNullable(next).map(java.time.OffsetDateTime::toInstant)));
            }
        }
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        Instant now = clock.instant();
        if (request.initiator() == CancelSubscriptionRequest.Initiator.SUBSCRIBER && behaviour(request.subscriptionRef()).equals("wallet")) {
            return new CancelResult.ActionRequired(request.subscriptionRef(),
                    new CheckoutPayload.Redirect(java.net.URI.create("https://wallet.example/sign-unsubscribe/" + request.subscriptionRef())));
        }
        int updated = withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO testing_psp_cancel (network, ref, initiator, cancelled_at) VALUES (?, ?, ?, ?)");
                 PreparedStatement update = connection.prepareStatement("UPDATE testing_psp_subscription SET status = 'cancelled' WHERE network = ? AND ref = ?")) {
                update.setString(1, network);
                update.setString(2, request.subscriptionRef());
                int rows = update.executeUpdate();
                if (rows == 1) {
                    insert.setString(1, network);
                    insert.setString(2, request.subscriptionRef());
                    insert.setString(3, request.initiator().name());
                    insert.setObject(4, time(now));
                    insert.executeUpdate();
                }
                return rows;
            }
        });
        if (updated == 0) {
            throw new BillingException(ErrorCode.NOT_FOUND, "no subscription '" + request.subscriptionRef() + "' on network '" + network + "'");
        }
        return new CancelResult.Cancelled(request.subscriptionRef(), now);
    }

    private String behaviour(String ref) {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT behaviour FROM testing_psp_subscription WHERE network = ? AND ref = ?")) {
                select.setString(1, network);
                select.setString(2, ref);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : "";
                }
            }
        });
    }

    /** Blocks while the network is told to hang, as a black-holed PSP would; an interrupt ends the wait with TIMEOUT. */
    private Control awaitNotHanging() {
        while (true) {
            Control control = withConnection(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT hang, delay_ms, fail_code FROM testing_psp_control WHERE network = ?")) {
                    select.setString(1, network);
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            return new Control(false, 0, Optional.empty());
                        }
                        return new Control(rows.getBoolean("hang"), rows.getInt("delay_ms"), Optional.ofNullable(rows.getString("fail_code")).map(ErrorCode::valueOf));
                    }
                }
            });
            if (!control.hang()) {
                return control;
            }
            pause(100);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingException(ErrorCode.TIMEOUT, "interrupted while waiting for testing-psp");
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(SqlWork<T> work) {
        Connection connection = idle.poll();
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(jdbcUrl, jdbcUser, "");
            }
            T result = work.run(connection);
            idle.add(connection);
            return result;
        }
        catch (SQLException e) {
            closeQuietly(connection);
            throw new BillingException(ErrorCode.NETWORK_UNAVAILABLE, "testing-psp's books are unreachable: " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // already broken
            }
        }
    }

    private static java.time.OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            closeQuietly(connection);
        }
    }
}
