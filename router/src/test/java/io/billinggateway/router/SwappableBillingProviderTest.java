package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwappableBillingProviderTest {
    /** A provider whose health call waits for {@code release} when it has one, and that remembers being closed. */
    private static final class TestingProvider implements BillingProvider {
        private final String name;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release;
        private final AtomicBoolean closed = new AtomicBoolean();

        TestingProvider(String name, CountDownLatch release) {
            this.name = name;
            this.release = release;
        }

        @Override
        public HealthReport health() {
            if (closed.get()) {
                throw new IllegalStateException(name + " was called after it was closed");
            }
            entered.countDown();
            try {
                if (release != null && !release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return HealthReport.up(Map.of("provider", name));
        }

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public NetworkDescription describe() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PlanRegistration registerPlan(RegisterPlanRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CheckoutResult checkout(CheckoutRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aCallInProgressFinishesOnTheOldProviderAndCallsArrivingMeanwhileWaitForTheNewOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestingProvider old = new TestingProvider("old", release);
        TestingProvider replacement = new TestingProvider("new", null);
        SwappableBillingProvider swappable = new SwappableBillingProvider(old);
        AtomicBoolean oldClosedWhenCreated = new AtomicBoolean();
        // Own threads: the common pool may have a single worker on a small machine, and the first call holds it.
        ExecutorService calls = Executors.newFixedThreadPool(2);

        CompletableFuture<HealthReport> inProgress = CompletableFuture.supplyAsync(swappable::health, calls);
        assertThat(old.entered.await(30, TimeUnit.SECONDS)).as("the first call reached the old provider").isTrue();
        Thread swap = Thread.ofPlatform().start(() -> swappable.replaceStopped(() -> {
            oldClosedWhenCreated.set(old.closed.get());
            return replacement;
        }, () -> old, failure -> old));
        awaitWaiting(swap);
        CompletableFuture<HealthReport> arriving = CompletableFuture.supplyAsync(swappable::health, calls);
        assertThat(old.closed).as("the old provider is not closed under a running call").isFalse();
        assertThat(replacement.entered.getCount()).as("the new provider is not called before it replaced the old one").isEqualTo(1);

        release.countDown();
        assertThat(inProgress.get(30, TimeUnit.SECONDS).details()).as("the call in progress").containsEntry("provider", "old");
        assertThat(arriving.get(30, TimeUnit.SECONDS).details()).as("the call that arrived during the swap").containsEntry("provider", "new");
        swap.join(30_000);
        assertThat(oldClosedWhenCreated).as("the old provider was closed before the new one was created").isTrue();
        assertThat(replacement.closed).isFalse();
        assertThat(swappable.health().details()).containsEntry("provider", "new");
        calls.shutdown();
    }

    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState()).as("the swap waits for the call in progress").isEqualTo(Thread.State.WAITING);
    }

    @Test
    void aProviderThatCannotStartInPlaceOfItsPredecessorGivesWayToThePreviousSettings() {
        TestingProvider old = new TestingProvider("old", null);
        TestingProvider restored = new TestingProvider("restored", null);
        SwappableBillingProvider swappable = new SwappableBillingProvider(old);

        assertThatThrownBy(() -> swappable.replaceStopped(() -> {
            assertThat(old.closed).as("the predecessor stopped before its successor starts").isTrue();
            throw new IllegalStateException("data directory locked");
        }, () -> restored, failure -> new UnavailableBillingProvider("alpha", "testing", "unavailable"))).hasMessage("data directory locked");

        assertThat(swappable.health().details()).containsEntry("provider", "restored");
    }

    @Test
    void whenNeitherTheNewNorThePreviousSettingsStartCallsFailAsUnavailable() {
        SwappableBillingProvider swappable = new SwappableBillingProvider(new TestingProvider("old", null));

        assertThatThrownBy(() -> swappable.replaceStopped(() -> {
            throw new IllegalStateException("new settings refused");
        }, () -> {
            throw new IllegalStateException("old settings refused");
        }, failure -> new UnavailableBillingProvider("alpha", "testing", "network 'alpha' could not be re-created"))).hasMessage("new settings refused");

        assertThat(swappable.health().status()).isEqualTo(HealthReport.Status.DOWN);
        assertThatThrownBy(swappable::describe).isInstanceOf(BillingException.class)
                .hasMessageContaining("could not be re-created")
                .satisfies(error -> assertThat(((BillingException) error).code()).isEqualTo(ErrorCode.NETWORK_UNAVAILABLE));
    }
}
