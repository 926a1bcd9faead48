package io.billinggateway.gateway.charge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    @Test
    void spacesReservationsAtTheConfiguredRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimiter limiter = new RateLimiter(100, now::get);

        assertThat(limiter.reserve(50)).as("the first batch goes at once").isZero();
        assertThat(limiter.reserve(50)).as("50 at 100/s waits half a second").isEqualTo(500_000_000L);
        assertThat(limiter.reserve(10)).isEqualTo(1_000_000_000L);

        now.addAndGet(5_000_000_000L);
        assertThat(limiter.reserve(10)).as("idle time is not saved up as a burst beyond one batch").isZero();
        assertThat(limiter.reserve(10)).isEqualTo(100_000_000L);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new RateLimiter(0, System::nanoTime)).hasMessage("a rate limit must be positive, got 0.0");
    }
}
