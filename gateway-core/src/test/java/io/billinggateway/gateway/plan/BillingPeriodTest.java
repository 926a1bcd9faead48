package io.billinggateway.gateway.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A billing period answers in the ISO-8601 form clients write: days as days, months as months. */
class BillingPeriodTest {
    @ParameterizedTest
    @CsvSource({
            "P30D, P30D",
            "PT720H, P30D",
            "P1D, P1D",
            "PT24H, P1D",
            "P365D, P365D",
            "PT36H, P1DT12H",
            "P1DT30M, P1DT30M",
            "PT12H, PT12H",
            "PT1M, PT1M",
            "P1M, P1M",
            "P3M, P3M",
            "P12M, P1Y",
            "P1Y, P1Y"})
    void answersDaysAsDaysAndMonthsAsMonths(String given, String shown) {
        BillingPeriod period = BillingPeriod.parse(given).orElseThrow();

        assertThat(period.iso()).isEqualTo(shown);
        assertThat(BillingPeriod.parse(period.iso())).as("what is shown parses back to the same period").contains(period);
    }
}
