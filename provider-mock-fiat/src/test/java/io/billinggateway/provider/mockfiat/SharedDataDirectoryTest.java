package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.HealthReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two providers on one data directory, as two gateway processes would run them (here in one JVM, which must
 * work as well: tests and embedded setups do it): they share one set of books.
 */
class SharedDataDirectoryTest {
    private static final String SUCCESS_CARD = "4242424242424242";
    private static final int SUBSCRIPTIONS = 4;
    private static final int PERIODS = 25;
    private static final int THREADS = 16;

    @TempDir
    Path dataDirectory;

    private TestingMockFiat fiat;
    private BillingProvider other;

    @BeforeEach
    void start() throws IOException {
        fiat = TestingMockFiat.start(dataDirectory);
        other = fiat.create();
    }

    @AfterEach
    void stop() {
        try {
            other.close();
        }
        finally {
            fiat.close();
        }
    }

    @Test
    void secondProviderRunsBesideTheFirst() {
        assertThat(other.health().status()).isEqualTo(HealthReport.Status.UP);
        assertThat(fiat.provider().health().status()).isEqualTo(HealthReport.Status.UP);
        assertThat(other.health().details().get("base-url")).as("each serves its own hosted checkout server")
                .isNotEqualTo(fiat.provider().health().details().get("base-url"));
    }

    @Test
    void subscriptionsOpenedOnOneProviderAreChargedOnBothOncePerPeriod() throws Exception {
        List<ChargeItem> items = new ArrayList<>();
        for (int subscriptionIndex = 0; subscriptionIndex < SUBSCRIPTIONS; subscriptionIndex++) {
            SubscriptionActivated subscription = fiat.subscribe(SUCCESS_CARD);
            Instant second = subscription.nextChargeAt().orElseThrow();
            for (int period = 0; period < PERIODS; period++) {
                items.add(new ChargeItem(subscription.subscriptionRef(), second.plus(TestingMockFiat.MONTH.multipliedBy(period)), TestingMockFiat.PRICE));
            }
        }
        List<List<String>> reports = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                // every thread charges every item, in an order of its own, half of them on each provider
                BillingProvider provider = thread % 2 == 0 ? fiat.provider() : other;
                List<ChargeItem> shuffled = new ArrayList<>(items);
                Collections.shuffle(shuffled);
                ConcurrentLinkedQueue<ChargeItem> queue = new ConcurrentLinkedQueue<>(shuffled);
                List<String> report = Collections.synchronizedList(new ArrayList<>());
                reports.add(report);
                futures.add(executor.submit(() -> {
                    go.await();
                    TestingGatewayProcess.chargeFromQueue(provider, queue, report::add);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }

        Map<String, String> first = TestingGatewayProcess.chargedByPair(reports.getFirst());
        assertThat(first).hasSize(SUBSCRIPTIONS * PERIODS);
        for (List<String> report : reports) {
            assertThat(TestingGatewayProcess.chargedByPair(report)).as("every thread, on either provider, got the same payment per pair").isEqualTo(first);
        }
        assertThat(new HashSet<>(first.values())).as("one payment per pair").hasSize(SUBSCRIPTIONS * PERIODS);
        assertThat(payments(fiat.baseUrl())).as("the first provider sees the other's payments").isEqualTo(SUBSCRIPTIONS + SUBSCRIPTIONS * PERIODS);
        assertThat(payments(otherBaseUrl())).isEqualTo(SUBSCRIPTIONS + SUBSCRIPTIONS * PERIODS);
    }

    @Test
    void sessionOpenedOnOneProviderCanBePaidOnTheOthersPage() {
        CheckoutRequest request = fiat.checkoutRequest(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        CheckoutResult opened = fiat.provider().checkout(request);
        CheckoutResult seenByOther = other.checkout(request);
        assertThat(seenByOther.providerReference()).as("the same checkout id finds the same session").isEqualTo(opened.providerReference());

        TestingPayer.Answer paid = fiat.payer.pay(seenByOther);

        assertThat(((CheckoutPayload.Redirect) seenByOther.payload()).url().toString()).startsWith(otherBaseUrl().toString());
        assertThat(paid.status()).isEqualTo(200);
        assertThat(fiat.payer.pay(opened).json().string("paymentRef")).as("paying again on the first provider's page captures nothing more")
                .isEqualTo(paid.json().string("paymentRef"));
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(opened.providerReference()));
        assertThat(payments(fiat.baseUrl())).isEqualTo(1);
    }

    private URI otherBaseUrl() {
        return URI.create(other.health().details().get("base-url") + "/");
    }

    private long payments(URI baseUrl) {
        return fiat.payer.get(baseUrl.resolve("/v1/balance"), true).json().number("payments");
    }
}
