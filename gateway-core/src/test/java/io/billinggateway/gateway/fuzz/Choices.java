package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * The source of every decision a generator makes, recorded as a sequence of small integers. A fuzz case is
 * fully described by its sequence: replaying the sequence rebuilds the same case, and a shorter or smaller
 * sequence builds a simpler one, because every generator lists its simplest option at index 0 (the valid
 * value, the first mutation of a list). That is what makes shrinking work without generator-specific code
 * (the choice-sequence approach of Hypothesis).
 */
final class Choices {
    private final Random random;
    private final List<Integer> replayed;
    private final List<Integer> drawn = new ArrayList<>();

    private Choices(Random random, List<Integer> replayed) {
        this.random = random;
        this.replayed = replayed;
    }

    /** Fresh decisions from a seeded random source. */
    static Choices random(long seed) {
        return new Choices(new Random(seed), List.of());
    }

    /** The decisions of a recorded sequence; past its end, or where a value no longer fits, the simplest option. */
    static Choices replay(List<Integer> sequence) {
        return new Choices(null, List.copyOf(requireNonNull(sequence, "sequence is null")));
    }

    /** An option in {@code [0, bound)}, uniformly when random. */
    int below(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return record(random == null ? null : random.nextInt(bound), bound);
    }

    /**
     * An option in {@code [0, weights.length)}, drawn in proportion to the weights when random; a replay ignores
     * the weights, so shrinking still reaches option 0.
     */
    int weighted(int... weights) {
        if (random == null) {
            return record(null, weights.length);
        }
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int pick = random.nextInt(total);
        for (int index = 0; index < weights.length; index++) {
            pick -= weights[index];
            if (pick < 0) {
                return record(index, weights.length);
            }
        }
        throw new IllegalStateException("weights must be positive");
    }

    /** The sequence drawn so far: what reproduces this case. */
    List<Integer> drawn() {
        return List.copyOf(drawn);
    }

    private int record(Integer randomValue, int bound) {
        int value;
        if (randomValue != null) {
            value = randomValue;
        }
        else {
            int position = drawn.size();
            int recorded = position < replayed.size() ? replayed.get(position) : 0;
            value = recorded < bound ? recorded : 0;
        }
        drawn.add(value);
        return value;
    }
}
