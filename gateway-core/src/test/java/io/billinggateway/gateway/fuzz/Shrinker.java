package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a failing choice sequence simpler while it still fails the same way: it sets choices to 0 (the
 * valid value or the simplest mutation), halves and decrements them, and drops them. A candidate is kept only
 * when it is smaller in shortlex order, so shrinking always ends; the budget bounds how many requests it sends.
 */
final class Shrinker {
    private final int budget;

    Shrinker(int budget) {
        this.budget = budget;
    }

    /**
     * @param stillFails replays a candidate; the sequence it actually drew when it fails the same way, empty otherwise
     */
    List<Integer> shrink(List<Integer> failing, Function<List<Integer>, Optional<List<Integer>>> stillFails) {
        List<Integer> current = trimmed(failing);
        int left = budget;
        boolean improved = true;
        while (improved && left > 0) {
            improved = false;
            for (List<Integer> candidate : candidates(current)) {
                if (left-- <= 0) {
                    break;
                }
                Optional<List<Integer>> drawn = stillFails.apply(candidate).map(Shrinker::trimmed);
                if (drawn.isPresent() && smaller(drawn.get(), current)) {
                    current = drawn.get();
                    improved = true;
                    break;
                }
            }
        }
        return current;
    }

    private static List<List<Integer>> candidates(List<Integer> sequence) {
        List<List<Integer>> candidates = new ArrayList<>();
        for (int index = 0; index < sequence.size(); index++) {
            if (sequence.get(index) > 0) {
                candidates.add(with(sequence, index, 0));
            }
        }
        for (int index = 0; index < sequence.size(); index++) {
            int value = sequence.get(index);
            if (value > 1) {
                candidates.add(with(sequence, index, value / 2));
                candidates.add(with(sequence, index, value - 1));
            }
        }
        for (int index = 0; index < sequence.size(); index++) {
            List<Integer> shorter = new ArrayList<>(sequence);
            shorter.remove(index);
            candidates.add(shorter);
        }
        return candidates;
    }

    private static List<Integer> with(List<Integer> sequence, int index, int value) {
        List<Integer> changed = new ArrayList<>(sequence);
        changed.set(index, value);
        return changed;
    }

    /** Trailing zeros are what a replay draws past the end anyway. */
    static List<Integer> trimmed(List<Integer> sequence) {
        int end = sequence.size();
        while (end > 0 && sequence.get(end - 1) == 0) {
            end--;
        }
        return List.copyOf(sequence.subList(0, end));
    }

    static boolean smaller(List<Integer> candidate, List<Integer> current) {
        if (candidate.size() != current.size()) {
            return candidate.size() < current.size();
        }
        for (int index = 0; index < candidate.size(); index++) {
            int comparison = Integer.compare(candidate.get(index), current.get(index));
            if (comparison != 0) {
                return comparison < 0;
            }
        }
        return false;
    }
}
