package io.billinggateway.gateway.fuzz;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The generation core of the fuzz suite without a gateway: replayed choices and shrinking. */
class ShrinkerTest {
    @Test
    void replayGivesTheSimplestOptionPastTheEndAndWhereAValueNoLongerFits() {
        Choices choices = Choices.replay(List.of(2, 7));

        assertThat(choices.below(3)).isEqualTo(2);
        assertThat(choices.below(5)).as("7 does not fit below 5").isZero();
        assertThat(choices.weighted(1, 9)).as("past the end").isZero();
        assertThat(choices.drawn()).containsExactly(2, 0, 0);
    }

    @Test
    void shrinksToTheSmallestSequenceThatStillFails() {
        // Fails when the first choice is at least 5 and a second choice is drawn as at least 2.
        List<Integer> shrunk = new Shrinker(200).shrink(List.of(9, 3, 8, 4), candidate -> {
            Choices replayed = Choices.replay(candidate);
            boolean fails = replayed.below(10) >= 5 & replayed.below(10) >= 2;
            return fails ? Optional.of(replayed.drawn()) : Optional.empty();
        });

        assertThat(shrunk).containsExactly(5, 2);
    }

    @Test
    void aSequenceThatNoLongerFailsIsNotTaken() {
        List<Integer> shrunk = new Shrinker(50).shrink(List.of(3, 1), candidate -> Optional.empty());

        assertThat(shrunk).containsExactly(3, 1);
    }
}
