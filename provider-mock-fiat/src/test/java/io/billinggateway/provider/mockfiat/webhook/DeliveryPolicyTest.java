package io.billinggateway.provider.mockfiat.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPolicyTest {
    @Test
    void delayDoublesAfterEveryFailedAttemptUpToTheLongest() {
        DeliveryPolicy policy = new DeliveryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(10));

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(policy::delayAfter))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(16), Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(policy.delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryPolicy(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
