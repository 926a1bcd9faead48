package io.billinggateway.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aFullBucketGivesItsBurstThenSaysWhenTheNextTokenComes() {
        TokenBucket bucket = new TokenBucket(3, 2 * SECOND, 0);

        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).contains(Duration.ofSeconds(2));
        assertThat(bucket.take(SECOND / 2)).contains(Duration.ofMillis(1500));
    }

    @Test
    void tokensComeBackOneRefillIntervalAtATimeUpToTheCapacity() {
        TokenBucket bucket = new TokenBucket(2, SECOND, 0);
        bucket.take(0);
        bucket.take(0);

        assertThat(bucket.take(SECOND)).as("one token back after one interval").isEmpty();
        assertThat(bucket.take(SECOND)).isPresent();
        assertThat(bucket.take(100 * SECOND)).as("idle for long: full again").isEmpty();
        assertThat(bucket.take(100 * SECOND)).isEmpty();
        assertThat(bucket.take(100 * SECOND)).as("but never more than the capacity").isPresent();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, SECOND, 0);
        bucket.take(0);
        for (int attempt = 0; attempt < 10; attempt++) {
            bucket.take(SECOND / 2);
        }

        assertThat(bucket.take(SECOND)).as("hammering while empty does not push the next token further away").isEmpty();
    }
}
