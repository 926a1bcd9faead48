package io.billinggateway.tck.fault;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaultInjectionTest {
    private static FaultInjection mixed(long seed) {
        return FaultInjection.seeded(seed)
                .lostRequests(15)
                .lostResponses(15)
                .retryableErrors(15)
                .finalErrors(10, ErrorCode.PAYMENT_DECLINED)
                .slowResponses(15, Duration.ZERO)
                .build();
    }

    @Test
    void theSameSeedRepeatsTheSameFaults() {
        List<Fault> first = decisions(mixed(42), 200);
        List<Fault> second = decisions(mixed(42), 200);

        assertThat(second).isEqualTo(first);
        assertThat(decisions(mixed(43), 200)).isNotEqualTo(first);
        assertThat(first).hasAtLeastOneElementOfType(Fault.LostRequest.class)
                .hasAtLeastOneElementOfType(Fault.LostResponse.class)
                .hasAtLeastOneElementOfType(Fault.RetryableError.class)
                .hasAtLeastOneElementOfType(Fault.FinalError.class)
                .hasAtLeastOneElementOfType(Fault.SlowResponse.class)
                .hasAtLeastOneElementOfType(Fault.None.class);
    }

    @Test
    void drawsRoughlyThePercentagesAsked() {
        List<Fault> faults = decisions(FaultInjection.seeded(7).lostResponses(30).build(), 10_000);
        long lost = faults.stream().filter(Fault.LostResponse.class::isInstance).count();

        assertThat(lost).isBetween(2_700L, 3_300L);
    }

    @Test
    void scriptedFaultsComeFirst() {
        FaultInjection faults = FaultInjection.seeded(1).first(new Fault.LostResponse(), new Fault.RetryableError(ErrorCode.TIMEOUT)).build();

        assertThat(decisions(faults, 3)).containsExactly(new Fault.LostResponse(), new Fault.RetryableError(ErrorCode.TIMEOUT), new Fault.None());
        assertThat(faults.log()).extracting(FaultInjection.Injected::call).containsExactly(1, 2, 3);
    }

    @Test
    void aLostResponseCarriesTheCallOutAndALostRequestDoesNot() {
        AtomicInteger executed = new AtomicInteger();
        FaultInjection faults = FaultInjection.seeded(1).first(new Fault.LostResponse(), new Fault.LostRequest(),
                new Fault.RetryableError(ErrorCode.NETWORK_UNAVAILABLE), new Fault.FinalError(ErrorCode.INVALID_REQUEST)).build();

        BillingException lostResponse = catchThrowableOfType(BillingException.class, () -> faults.call("charge", executed::incrementAndGet));
        assertThat(lostResponse.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(lostResponse.getMessage()).contains("injected fault: charge", "carried it out", "call #1", "fault seed 1");
        assertThat(executed).hasValue(1);

        assertThat(catchThrowableOfType(BillingException.class, () -> faults.call("charge", executed::incrementAndGet)).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(catchThrowableOfType(BillingException.class, () -> faults.call("charge", executed::incrementAndGet)).retryable()).isTrue();
        assertThat(catchThrowableOfType(BillingException.class, () -> faults.call("charge", executed::incrementAndGet)).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(executed).hasValue(1);

        assertThat(faults.call("charge", executed::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void deliveriesArriveAtLeastOnceDuplicatedAndReorderedRepeatably() {
        List<Integer> deliveries = IntStream.range(0, 50).boxed().toList();
        List<Integer> flaky = FaultInjection.seeded(9).duplicateDeliveries(40).reorderDeliveries().build().deliver(deliveries);

        assertThat(flaky).containsAll(deliveries).hasSizeGreaterThan(deliveries.size());
        assertThat(flaky.subList(0, deliveries.size())).isNotEqualTo(deliveries);
        assertThat(FaultInjection.seeded(9).duplicateDeliveries(40).reorderDeliveries().build().deliver(deliveries)).isEqualTo(flaky);
        assertThat(FaultInjection.none().deliver(deliveries)).isEqualTo(deliveries);
    }

    @Test
    void refusesImpossiblePlans() {
        assertThatThrownBy(() -> FaultInjection.seeded(1).lostRequests(60).lostResponses(50).build())
                .hasMessage("fault percentages add up to 110%, more than 100%");
        assertThatThrownBy(() -> FaultInjection.seeded(1).finalErrors(10, ErrorCode.TIMEOUT)).hasMessageContaining("TIMEOUT is retryable");
        assertThatThrownBy(() -> FaultInjection.seeded(1).retryableErrors(10, ErrorCode.INVALID_REQUEST)).hasMessageContaining("INVALID_REQUEST is not retryable");
        assertThatThrownBy(() -> FaultInjection.seeded(1).lostRequests(101)).hasMessageContaining("between 0 and 100");
    }

    @Test
    void describesItsPlan() {
        assertThat(FaultInjection.seeded(5).lostResponses(20).retryableErrors(10).duplicateDeliveries(50).reorderDeliveries().build().describePlan())
                .isEqualTo("seed 5: 20% lost responses, 10% NETWORK_UNAVAILABLE, 50% duplicate deliveries, deliveries reordered");
    }

    private static List<Fault> decisions(FaultInjection faults, int count) {
        List<Fault> decisions = new ArrayList<>();
        for (int call = 0; call < count; call++) {
            decisions.add(faults.next("call"));
        }
        return decisions;
    }
}
