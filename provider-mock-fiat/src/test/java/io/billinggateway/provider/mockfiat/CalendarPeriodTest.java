package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13, point 5: the mock PSP bills calendar months on the subscription's day of the month, and says so. */
class CalendarPeriodTest {
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
    void theNetworkDeclaresCalendarPeriods() {
        assertThat(fiat.provider().describe().supports(Capability.CALENDAR_PERIODS)).isTrue();
    }

    @Test
    void aMonthlyPlanStartedOnTheThirtyFirstRenewsOnEachMonthsLastDayOrTheThirtyFirst() {
        String plan = fiat.registerCalendarPlan(Period.ofMonths(1));
        fiat.clock.advance(Duration.between(fiat.clock.instant(), Instant.parse("2031-01-31T10:00:00Z")));
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242", plan);
        assertThat(subscription.nextChargeAt()).contains(Instant.parse("2031-02-28T10:00:00Z"));

        List<Instant> nextCharges = new ArrayList<>();
        Instant due = subscription.nextChargeAt().orElseThrow();
        for (int renewal = 0; renewal < 3; renewal++) {
            fiat.advanceClock(Duration.between(fiat.clock.instant(), due).plusMinutes(5));
            ChargeOutcome outcome = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(new ChargeItem(subscription.subscriptionRef(), due,
                    TestingMockFiat.PRICE)))).outcomes().getFirst();
            due = ((ChargeOutcome.Charged) outcome).nextChargeAt().orElseThrow();
            nextCharges.add(due);
        }

        assertThat(nextCharges).containsExactly(Instant.parse("2031-03-31T10:00:00Z"), Instant.parse("2031-04-30T10:00:00Z"),
                Instant.parse("2031-05-31T10:00:00Z"));
    }

    @Test
    void aQuarterlyPlanChargedMoreThanAQuarterLateRestartsOnTheDayOfTheCharge() {
        String plan = fiat.registerCalendarPlan(Period.ofMonths(3));
        fiat.clock.advance(Duration.between(fiat.clock.instant(), Instant.parse("2031-01-15T00:00:00Z")));
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242", plan);
        Instant due = subscription.nextChargeAt().orElseThrow();
        assertThat(due).isEqualTo(Instant.parse("2031-04-15T00:00:00Z"));
        fiat.advanceClock(Duration.between(fiat.clock.instant(), Instant.parse("2031-08-20T12:00:00Z")));

        ChargeOutcome.Charged late = (ChargeOutcome.Charged) fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(
                new ChargeItem(subscription.subscriptionRef(), due, TestingMockFiat.PRICE)))).outcomes().getFirst();

        assertThat(late.nextChargeAt()).contains(Instant.parse("2031-11-20T12:00:00Z"));
    }
}
