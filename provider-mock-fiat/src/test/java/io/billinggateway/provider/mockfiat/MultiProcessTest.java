package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.TestingGatewayProcess.Role;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.billinggateway.provider.mockfiat.TestingGatewayProcess.GO;
import static io.billinggateway.provider.mockfiat.TestingGatewayProcess.HOLDING;
import static io.billinggateway.provider.mockfiat.TestingGatewayProcess.READY;
import static io.billinggateway.provider.mockfiat.TestingGatewayProcess.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several gateway processes share one mock PSP through its data directory: child JVMs ({@link TestingGatewayProcess})
 * work on the directory of this test's provider at the same time as it does.
 */
class MultiProcessTest {
    private static final String SUCCESS_CARD = "4242424242424242";
    private static final String JOURNAL = "ledger.jsonl";
    private static final int SUBSCRIPTIONS = 4;
    private static final int PERIODS = 50;
    private static final int THREADS = 4;
    /** Waiting on a future only guards against a hang; reaching it fails the test. */
    private static final long PATIENCE_MINUTES = 2;

    @TempDir
    Path temporary;

    private Path dataDirectory;
    private Path work;

    @BeforeEach
    void createDirectories() throws IOException {
        dataDirectory = Files.createDirectory(temporary.resolve("data"));
        work = Files.createDirectory(temporary.resolve("work"));
    }

    @Test
    void processesChargingTheSamePeriodsAtOnceChargeEachPeriodOnce() throws Exception {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            List<ChargeItem> items = new ArrayList<>();
            for (int subscriptionIndex = 0; subscriptionIndex < SUBSCRIPTIONS; subscriptionIndex++) {
                SubscriptionActivated subscription = fiat.subscribe(SUCCESS_CARD);
                Instant second = subscription.nextChargeAt().orElseThrow();
                for (int period = 0; period < PERIODS; period++) {
                    items.add(new ChargeItem(subscription.subscriptionRef(), second.plus(TestingMockFiat.MONTH.multipliedBy(period)), TestingMockFiat.PRICE));
                }
            }
            Path itemsFile = Files.write(work.resolve("items.txt"), items.stream().map(TestingGatewayProcess::pair).toList());
            List<String> ours = Collections.synchronizedList(new ArrayList<>());
            List<String> theirs;

            try (TestingGatewayProcess child = TestingGatewayProcess.start(work, Role.CHARGE, dataDirectory.toString(), fiat.receiver().url().toString(),
                    fiat.clock.instant().toString(), itemsFile.toString(), Integer.toString(THREADS))) {
                child.awaitLine(READY);
                List<ChargeItem> shuffled = new ArrayList<>(items);
                Collections.shuffle(shuffled);
                ConcurrentLinkedQueue<ChargeItem> queue = new ConcurrentLinkedQueue<>(shuffled);
                child.send(GO);
                inParallel(THREADS, () -> TestingGatewayProcess.chargeFromQueue(fiat.provider(), queue, ours::add));
                theirs = child.awaitSuccess();
            }

            Map<String, String> ourCharges = TestingGatewayProcess.chargedByPair(ours);
            Map<String, String> theirCharges = TestingGatewayProcess.chargedByPair(theirs);
            assertThat(ourCharges.keySet()).as("this process charged every pair").containsExactlyInAnyOrderElementsOf(items.stream().map(TestingGatewayProcess::pair).toList());
            assertThat(theirCharges).as("the child names the same payment for every pair").isEqualTo(ourCharges);
            assertThat(new HashSet<>(ourCharges.values())).as("one payment per pair").hasSize(SUBSCRIPTIONS * PERIODS);
            assertThat(payments(fiat)).as("the checkouts and one payment per pair").isEqualTo(SUBSCRIPTIONS + SUBSCRIPTIONS * PERIODS);

            fiat.restart();

            assertThat(payments(fiat)).as("after replaying (and compacting) the journal alone").isEqualTo(SUBSCRIPTIONS + SUBSCRIPTIONS * PERIODS);
            ChargeItem last = items.getLast();
            assertThat(charge(fiat, last.subscriptionRef(), last.periodStart())).isEqualTo(ourCharges.get(TestingGatewayProcess.pair(last)));
        }
    }

    @Test
    void processKilledWhileAppendingHoldsOthersUpOnlyUntilItDiesAndLeavesNoTrace() throws Exception {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            SubscriptionActivated subscription = fiat.subscribe(SUCCESS_CARD);
            Instant second = subscription.nextChargeAt().orElseThrow();
            Instant third = second.plus(TestingMockFiat.MONTH);
            String secondPayment = charge(fiat, subscription.subscriptionRef(), second);
            // longer than the entry appended next, so that writing over it would not hide it
            String partialLine = "{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[{\"type\":\"payment\",\"record\":{\"id\":\"pay_" + "x".repeat(8000) + "_torn";
            ExecutorService executor = Executors.newSingleThreadExecutor();
            String thirdPayment;

            try (TestingGatewayProcess child = TestingGatewayProcess.start(work, Role.DIE_WHILE_APPENDING, dataDirectory.toString(), partialLine)) {
                child.awaitLine(READY);
                child.send(GO);
                child.awaitLine(HOLDING);
                assertThat(Files.readString(dataDirectory.resolve(JOURNAL))).as("the child's write was cut short").endsWith("_torn");
                Future<String> waiting = executor.submit(() -> charge(fiat, subscription.subscriptionRef(), third));
                child.kill();
                thirdPayment = waiting.get(PATIENCE_MINUTES, TimeUnit.MINUTES);
            }
            finally {
                executor.shutdownNow();
            }

            assertThat(Files.readString(dataDirectory.resolve(JOURNAL))).as("the torn line is cut off").doesNotContain("_torn").endsWith("\n");
            assertThat(charge(fiat, subscription.subscriptionRef(), second)).isEqualTo(secondPayment);
            assertThat(charge(fiat, subscription.subscriptionRef(), third)).isEqualTo(thirdPayment).isNotEqualTo(secondPayment);
            assertThat(payments(fiat)).as("the checkout, the second and the third period").isEqualTo(3);

            fiat.restart();

            assertThat(payments(fiat)).isEqualTo(3);
            assertThat(charge(fiat, subscription.subscriptionRef(), third)).isEqualTo(thirdPayment);
        }
    }

    @Test
    void journalIsCompactedOnlyWhenNoOtherProcessHasItOpen() throws Exception {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            payAndAwaitDelivery(fiat);
            assertThat(journal()).as("a delivered webhook is still in the journal until it is compacted").contains("outbox-message");

            try (TestingGatewayProcess child = TestingGatewayProcess.start(work, Role.HOLD_OPEN, dataDirectory.toString())) {
                child.awaitLine(READY);
                assertThat(journal()).as("the child did not compact the journal this process has open").contains("outbox-message");

                fiat.restart();
                assertThat(journal()).as("this process did not compact the journal the child has open").contains("outbox-message");
                payAndAwaitDelivery(fiat);

                child.send(GO);
                child.awaitSuccess();
            }
            fiat.restart();

            assertThat(journal()).as("compacted by the provider that opened the directory alone").doesNotContain("outbox-message");
            assertThat(payments(fiat)).as("both payments, including the one made while the child had the journal open").isEqualTo(2);
        }
    }

    @Test
    void processesStartingTogetherOnAnEmptyDirectoryAgreeOnTheGeneratedSecret() throws Exception {
        Path file = dataDirectory.resolve(MockFiatBillingProvider.WEBHOOK_SECRET_FILE);
        List<TestingGatewayProcess> children = new ArrayList<>();
        try {
            for (int index = 0; index < 3; index++) {
                children.add(TestingGatewayProcess.start(work, Role.GENERATE_SECRET, file.toString()));
            }
            for (TestingGatewayProcess child : children) {
                child.awaitLine(READY);
            }
            children.forEach(child -> child.send(GO));
            List<String> secrets = new ArrayList<>();
            for (TestingGatewayProcess child : children) {
                child.awaitSuccess().stream().filter(line -> line.startsWith(SECRET + " ")).map(line -> line.substring(SECRET.length() + 1)).forEach(secrets::add);
            }

            assertThat(secrets).hasSize(3).containsOnly(Files.readString(file).strip());
        }
        finally {
            for (TestingGatewayProcess child : children) {
                child.close();
            }
        }
    }

    private void payAndAwaitDelivery(TestingMockFiat fiat) {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        assertThat(fiat.payer.pay(checkout).status()).isEqualTo(200);
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        Eventually.await("the delivery to be recorded", () -> Optional.of(fiat.provider().health().details().get("webhooks-undelivered")).filter("0"::equals),
                () -> "health: " + fiat.provider().health());
    }

    private String journal() throws IOException {
        return Files.readString(dataDirectory.resolve(JOURNAL));
    }

    private static String charge(TestingMockFiat fiat, String subscriptionRef, Instant periodStart) {
        ChargeOutcome outcome = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(new ChargeItem(subscriptionRef, periodStart, TestingMockFiat.PRICE))))
                .outcomes().getFirst();
        assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class);
        return ((ChargeOutcome.Charged) outcome).transactionRef();
    }

    private static long payments(TestingMockFiat fiat) {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json().number("payments");
    }

    /** Runs {@code work} on {@code threads} threads and waits for all of them; the first failure fails the test. */
    private static void inParallel(int threads, Runnable work) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                futures.add(executor.submit(work));
            }
            for (Future<?> future : futures) {
                future.get(PATIENCE_MINUTES, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
