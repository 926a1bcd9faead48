package io.billinggateway.provider.solana.store;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final PlanRecord PLAN = new PlanRecord("solplan_1", "plan-1", 1, "Report", Money.of(1999, "SOL"), PlanStatus.ACTIVE);

    @TempDir
    Path directory;

    @Test
    void everythingSurvivesAReopen() {
        String journalId;
        BillingEvent confirmed = new BillingEvent.PaymentConfirmed("sig-1", NOW, "ref-1", "sig-1", Money.of(1999, "SOL"));
        try (ProviderStore store = ProviderStore.open(directory)) {
            journalId = store.journalId();
            store.registerPlan(PLAN);
            store.changePlanStatus(PLAN.providerPlanRef(), PlanStatus.FROZEN);
            store.addCheckout(checkout("checkout-1", "ref-1"));
            store.addCheckout(checkout("checkout-2", "ref-2"));
            assertThat(store.resolve(confirmed)).isTrue();
        }

        try (ProviderStore store = ProviderStore.open(directory)) {
            assertThat(store.journalId()).isEqualTo(journalId);
            assertThat(store.plan(PLAN.providerPlanRef())).contains(PLAN.withStatus(PlanStatus.FROZEN));
            assertThat(store.checkout("checkout-1")).contains(checkout("checkout-1", "ref-1"));
            assertThat(store.pending()).extracting(CheckoutRecord::reference).containsExactly("ref-2");
            assertThat(store.eventsAfter(0, 10)).containsExactly(confirmed);
            assertThat(store.resolve(new BillingEvent.PaymentFailed("x", NOW, "ref-1", ErrorCode.PAYMENT_DECLINED, "late")))
                    .as("a checkout has one outcome").isFalse();
        }
    }

    @Test
    void aLineCutShortByACrashIsDropped() throws IOException {
        try (ProviderStore store = ProviderStore.open(directory)) {
            store.addCheckout(checkout("checkout-1", "ref-1"));
        }
        Files.writeString(directory.resolve(ProviderStore.JOURNAL_FILE), "{\"type\":\"checkout\",\"checkoutId\":\"chec", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (ProviderStore store = ProviderStore.open(directory)) {
            assertThat(store.pending()).extracting(CheckoutRecord::checkoutId).containsExactly("checkout-1");
            store.addCheckout(checkout("checkout-2", "ref-2"));
        }
        try (ProviderStore store = ProviderStore.open(directory)) {
            assertThat(store.pending()).extracting(CheckoutRecord::checkoutId).containsExactly("checkout-1", "checkout-2");
        }
    }

    @Test
    void damageInsideTheJournalStopsTheProvider() throws IOException {
        try (ProviderStore store = ProviderStore.open(directory)) {
            store.addCheckout(checkout("checkout-1", "ref-1"));
        }
        Path journal = directory.resolve(ProviderStore.JOURNAL_FILE);
        Files.writeString(journal, Files.readString(journal).replace("\"type\":\"checkout\"", "\"type\":\"checkout"));

        assertThatThrownBy(() -> ProviderStore.open(directory))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("damaged at line 2");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        try (ProviderStore first = ProviderStore.open(directory)) {
            assertThatThrownBy(() -> ProviderStore.open(directory))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                    .hasMessageContaining("in use by another solana-poc provider");
        }
        ProviderStore.open(directory).close();
    }

    @Test
    void unknownPlanStatusChangeIsNotFound() {
        try (ProviderStore store = ProviderStore.open(directory)) {
            assertThatThrownBy(() -> store.changePlanStatus("solplan_unknown", PlanStatus.INACTIVE))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    private static CheckoutRecord checkout(String checkoutId, String reference) {
        return new CheckoutRecord(checkoutId, reference, PLAN.providerPlanRef(), PLAN.price(), URI.create("solana:x?amount=1&reference=" + reference), NOW, NOW.plusSeconds(60));
    }
}
