package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PlanStatusChanged;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {
    private static final PlanDefinition PLAN = new PlanDefinition("plan-pro", "Pro", TestingMockFiat.PRICE, Optional.of(TestingMockFiat.MONTH), 1);

    @TempDir
    Path dataDirectory;

    private TestingMockFiat fiat;

    @BeforeEach
    void start() throws IOException {
        fiat = TestingMockFiat.start(dataDirectory);
    }

    @AfterEach
    void stop() {
        fiat.close();
    }

    @Test
    void registeringCreatesAnActivePriceOnce() {
        PlanRegistration first = fiat.provider().registerPlan(new RegisterPlanRequest(PLAN));
        PlanRegistration again = fiat.provider().registerPlan(new RegisterPlanRequest(PLAN));

        assertThat(first.providerPlanRef()).startsWith("price_");
        assertThat(first.status()).isEqualTo(PlanStatus.ACTIVE);
        assertThat(first.planHash()).isEmpty();
        assertThat(first.authorSignature()).isEmpty();
        assertThat(first.transactionRef()).isEmpty();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void newVersionIsANewPrice() {
        String first = fiat.provider().registerPlan(new RegisterPlanRequest(PLAN)).providerPlanRef();
        PlanDefinition dearer = new PlanDefinition(PLAN.planId(), PLAN.name(), Money.of(2499, "USD"), PLAN.billingPeriod(), 2);

        assertThat(fiat.provider().registerPlan(new RegisterPlanRequest(dearer)).providerPlanRef()).isNotEqualTo(first);
    }

    @Test
    void sameVersionWithOtherTermsConflicts() {
        fiat.provider().registerPlan(new RegisterPlanRequest(PLAN));
        PlanDefinition changedTerms = new PlanDefinition(PLAN.planId(), PLAN.name(), Money.of(2499, "USD"), PLAN.billingPeriod(), PLAN.version());

        assertThatThrownBy(() -> fiat.provider().registerPlan(new RegisterPlanRequest(changedTerms)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("new plan version");
    }

    @Test
    void planInAnotherCurrencyIsInvalid() {
        PlanDefinition euro = new PlanDefinition("plan-euro", "Euro", Money.of(1999, "EUR"), Optional.empty(), 1);

        assertThatThrownBy(() -> fiat.provider().registerPlan(new RegisterPlanRequest(euro)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("EUR")
                .hasMessageContaining("USD");
    }

    @Test
    void statusChangesAndIsReportedByWebhook() {
        String ref = fiat.provider().registerPlan(new RegisterPlanRequest(PLAN)).providerPlanRef();

        PlanStatusChange frozen = fiat.provider().changePlanStatus(new ChangePlanStatusRequest(ref, PlanStatus.FROZEN));
        PlanStatusChange frozenAgain = fiat.provider().changePlanStatus(new ChangePlanStatusRequest(ref, PlanStatus.FROZEN));

        assertThat(frozen).isEqualTo(new PlanStatusChange(ref, PlanStatus.FROZEN, Optional.empty()));
        assertThat(frozenAgain).isEqualTo(frozen);
        PlanStatusChanged event = fiat.awaitEvent(PlanStatusChanged.class, changed -> changed.providerPlanRef().equals(ref));
        assertThat(event.status()).isEqualTo(PlanStatus.FROZEN);
        assertThat(fiat.events(PlanStatusChanged.class)).as("asking for the current status changes nothing").hasSize(1);
    }

    @Test
    void changingAnUnknownPlanIsNotFound() {
        assertThatThrownBy(() -> fiat.provider().changePlanStatus(new ChangePlanStatusRequest("price_unknown", PlanStatus.INACTIVE)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("price_unknown");
    }
}
