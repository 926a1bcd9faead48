package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Runs one property: the valid request of every endpoint of a group, then {@code tries} generated cases, each
 * sent to the gateway and checked by {@link AnswerCheck} and, when rejected, against the database fingerprint
 * taken before it. Unlike a runner that stops at the first failure, it keeps going and groups failures into
 * classes (endpoint, broken rule, status), shrinks the first case of each class and lists every class with
 * the inputs seen to cause it, so that one bug does not hide the others.
 */
final class PropertyRunner {
    private static final int MOST_INPUTS_LISTED = 12;

    private final RawHttpClient client;
    private final DatabaseFingerprint fingerprint;
    private final AnswerCheck check;
    private final Shrinker shrinker;

    PropertyRunner(RawHttpClient client, DatabaseFingerprint fingerprint, AnswerCheck check, Shrinker shrinker) {
        this.client = requireNonNull(client, "client is null");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
        this.check = requireNonNull(check, "check is null");
        this.shrinker = requireNonNull(shrinker, "shrinker is null");
    }

    /** One sent case: the answer and the rules it broke. */
    record Outcome(FuzzCase fuzzCase, Answer answer, List<AnswerCheck.Violation> violations) {
    }

    /** A class of failures with its shrunk example and every input seen to cause it. */
    static final class FailureClass {
        private final String key;
        private final Outcome example;
        private final List<Integer> choices;
        private final Set<String> inputs = new LinkedHashSet<>();
        private int occurrences;

        FailureClass(String key, Outcome example, List<Integer> choices) {
            this.key = key;
            this.example = example;
            this.choices = choices;
        }

        String key() {
            return key;
        }
    }

    /** What a property found. */
    record Result(String property, long seed, int tries, Map<Integer, Integer> statuses, List<FailureClass> failures) {
        boolean passed() {
            return failures.isEmpty();
        }

        String report() {
            StringBuilder text = new StringBuilder();
            text.append(property).append(": ").append(tries).append(" generated cases (seed ").append(seed).append("), answers by status ")
                    .append(statuses).append(", ").append(failures.size()).append(" failure class(es)\n");
            int number = 1;
            for (FailureClass failure : failures) {
                AnswerCheck.Violation violation = failure.example.violations().stream()
                        .filter(candidate -> failure.key.contains(candidate.kind())).findFirst().orElseThrow();
                text.append("\n[").append(number++).append("] ").append(failure.key).append(", seen ").append(failure.occurrences).append(" time(s)\n");
                text.append("    rule broken: ").append(violation.kind()).append(": ").append(violation.detail()).append('\n');
                text.append("    inputs seen: ").append(String.join(" | ", failure.inputs)).append('\n');
                text.append("    smallest case (replay with -Dfuzz.seed=").append(seed).append(", choices ").append(failure.choices).append("):\n");
                text.append(indent(failure.example.fuzzCase().printable()));
                text.append("    answer:\n").append(indent(failure.example.answer().printable())).append('\n');
            }
            return text.toString();
        }

        private static String indent(String text) {
            return text.strip().lines().map(line -> "        " + line).reduce((first, second) -> first + "\n" + second).orElse("") + "\n";
        }
    }

    /** Sends the one case a report printed (its choices), and reports it whether it fails or not. */
    Result replay(String property, long seed, List<Integer> choices, List<Endpoint> endpoints, RequestGenerator generator) {
        Map<String, FailureClass> classes = new LinkedHashMap<>();
        Outcome outcome = send(generator.draw(endpoints, Choices.replay(choices)));
        record(classes, outcome, choices, sequence -> Optional.empty());
        System.out.println(property + ", replayed choices " + choices + ":\n" + outcome.fuzzCase().printable() + "answer:\n" + outcome.answer().printable());
        return new Result(property, seed, 1, new TreeMap<>(Map.of(outcome.answer().status(), 1)), List.copyOf(classes.values()));
    }

    Result run(String property, long seed, int tries, List<Endpoint> endpoints, RequestGenerator generator) {
        Map<String, FailureClass> classes = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Function<List<Integer>, FuzzCase> replay = sequence -> generator.draw(endpoints, Choices.replay(sequence));

        for (int index = 0; index < endpoints.size(); index++) {
            List<Integer> valid = List.of(index);
            Outcome outcome = send(replay.apply(valid));
            List<AnswerCheck.Violation> violations = new ArrayList<>(outcome.violations());
            if (!outcome.answer().succeeded() && outcome.fuzzCase().endpoint().access().documented()) {
                violations.add(new AnswerCheck.Violation("valid request not accepted", "status " + outcome.answer().status()));
            }
            record(classes, new Outcome(outcome.fuzzCase(), outcome.answer(), violations), valid, sequence -> Optional.empty());
        }

        Random seeds = new Random(seed ^ property.hashCode());
        for (int attempt = 0; attempt < tries; attempt++) {
            Choices choices = Choices.random(seeds.nextLong());
            FuzzCase fuzzCase = generator.draw(endpoints, choices);
            Outcome outcome = send(fuzzCase);
            statuses.merge(outcome.answer().status(), 1, Integer::sum);
            record(classes, outcome, choices.drawn(), sequence -> {
                Choices replayed = Choices.replay(sequence);
                Outcome again = send(generator.draw(endpoints, replayed));
                return Optional.of(new Replayed(again, replayed.drawn()));
            });
        }
        return new Result(property, seed, tries, statuses, List.copyOf(classes.values()));
    }

    private record Replayed(Outcome outcome, List<Integer> drawn) {
    }

    private void record(Map<String, FailureClass> classes, Outcome outcome, List<Integer> choices, Function<List<Integer>, Optional<Replayed>> replay) {
        for (AnswerCheck.Violation violation : outcome.violations()) {
            String key = keyOf(outcome, violation);
            FailureClass failure = classes.get(key);
            if (failure == null) {
                Map<List<Integer>, Outcome> replays = new LinkedHashMap<>();
                List<Integer> shrunk = shrinker.shrink(choices, candidate -> replay.apply(candidate)
                        .filter(replayed -> replayed.outcome().violations().stream().anyMatch(other -> keyOf(replayed.outcome(), other).equals(key)))
                        .map(replayed -> {
                            replays.put(Shrinker.trimmed(replayed.drawn()), replayed.outcome());
                            return replayed.drawn();
                        }));
                failure = new FailureClass(key, replays.getOrDefault(shrunk, outcome), shrunk);
                classes.put(key, failure);
            }
            failure.occurrences++;
            if (failure.inputs.size() < MOST_INPUTS_LISTED) {
                failure.inputs.add(outcome.fuzzCase().changes().isEmpty() ? "the valid request" : String.join(" + ", outcome.fuzzCase().changes()));
            }
        }
    }

    private static String keyOf(Outcome outcome, AnswerCheck.Violation violation) {
        return outcome.fuzzCase().endpoint() + ": " + violation.kind() + " (status " + outcome.answer().status() + ")";
    }

    private Outcome send(FuzzCase fuzzCase) {
        Map<String, String> before = fingerprint.take();
        Answer answer = client.send(fuzzCase.request());
        List<AnswerCheck.Violation> violations = new ArrayList<>(check.check(fuzzCase, answer));
        if (answer.rejected()) {
            List<String> changed = DatabaseFingerprint.changes(before, fingerprint.take());
            if (!changed.isEmpty()) {
                violations.add(new AnswerCheck.Violation("rejected request changed rows", String.join(", ", changed)));
            }
        }
        return new Outcome(fuzzCase, answer, violations);
    }
}
