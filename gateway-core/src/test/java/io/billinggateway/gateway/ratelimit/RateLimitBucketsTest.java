package io.billinggateway.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitBucketsTest {
    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = now::get;

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimitBuckets buckets = new RateLimitBuckets(new RateLimit("checkout", 30, 2), 100, ticker, Runnable::run);

        assertThat(buckets.acquire("alice")).isEmpty();
        assertThat(buckets.acquire("alice")).isEmpty();
        assertThat(buckets.acquire("alice")).contains(Duration.ofSeconds(2));
        assertThat(buckets.acquire("bob")).as("another user is not affected").isEmpty();
    }

    @Test
    void rotatingKeysCannotGrowTheMemoryBeyondTheBound() {
        RateLimitBuckets buckets = new RateLimitBuckets(new RateLimit("anonymous", 600, 100), 1000, ticker, Runnable::run);

        for (int address = 0; address < 50_000; address++) {
            buckets.acquire("198.51." + (address >> 8 & 0xff) + "." + (address & 0xff) + "-" + address);
        }

        assertThat(buckets.trackedKeys()).isLessThanOrEqualTo(1000);
    }

    @Test
    void aBucketIdleUntilFullIsForgotten() {
        RateLimitBuckets buckets = new RateLimitBuckets(new RateLimit("checkout", 60, 5), 100, ticker, Runnable::run);
        buckets.acquire("alice");

        now.addAndGet(Duration.ofSeconds(6).toNanos());

        assertThat(buckets.trackedKeys()).isZero();
    }

    @Test
    void zeroPerMinuteSwitchesTheLimitOff() {
        RateLimitBuckets buckets = new RateLimitBuckets(new RateLimit("anonymous", 0, 0), 100, ticker, Runnable::run);

        for (int request = 0; request < 1000; request++) {
            assertThat(buckets.acquire("203.0.113.1")).isEmpty();
        }
        assertThat(buckets.trackedKeys()).isZero();
    }

    @Test
    void aLimitWithoutABurstIsAConfigurationErrorThatNamesTheKey() {
        assertThatThrownBy(() -> new RateLimit("webhooks", 100, 0))
                .hasMessage("billing.rate-limits.webhooks.burst must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> new RateLimit("webhooks", -1, 10))
                .hasMessage("billing.rate-limits.webhooks.per-minute must be 0 (no limit) or more, got -1");
    }
}
