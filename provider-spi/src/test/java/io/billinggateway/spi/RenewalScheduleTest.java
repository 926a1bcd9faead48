package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenewalScheduleTest {
    private static final Duration MONTH = Duration.ofDays(30);
    private static final Instant DUE = Instant.parse("2027-01-05T00:00:00Z");

    @Test
    void aRenewalWithinItsPeriodKeepsTheAnchor() {
        assertThat(RenewalSchedule.nextChargeAt(DUE, MONTH, DUE.plusSeconds(20))).isEqualTo(DUE.plus(MONTH));
        assertThat(RenewalSchedule.nextChargeAt(DUE, MONTH, DUE.plus(Duration.ofDays(29)))).isEqualTo(DUE.plus(MONTH));
    }

    @Test
    void aRenewalMoreThanAPeriodLateRestartsFromTheCharge() {
        Instant chargedAt = DUE.plus(Duration.ofDays(95));
        assertThat(RenewalSchedule.nextChargeAt(DUE, MONTH, chargedAt)).isEqualTo(chargedAt.plus(MONTH));
        assertThat(RenewalSchedule.nextChargeAt(DUE, MONTH, DUE.plus(MONTH)))
                .as("exactly one period late: the anchored time is not after the charge, as on chain (next <= block.timestamp)")
                .isEqualTo(DUE.plus(MONTH).plus(MONTH));
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> RenewalSchedule.nextChargeAt(DUE, Duration.ZERO, DUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
