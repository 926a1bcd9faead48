package io.billinggateway.tck.fault;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Repeatable faults between a caller and a provider, in the manner of Retrofit's {@code NetworkBehavior}: every
 * decision comes from a {@link Random} seeded once, so the same seed replays the same faults in the same order.
 *
 * <p>Use it three ways:
 * <ul>
 *   <li>wrap a provider ({@link FaultInjectingBillingProvider}) to see it as the gateway does over a flaky
 *       network: timeouts whose outcome is unknown, transient and final errors, slow answers;</li>
 *   <li>call {@link #call} inside a transport fake of your own (the fake PSP your provider talks to in tests),
 *       so your provider meets the same faults from its counterpart;</li>
 *   <li>pass webhook deliveries through {@link #deliver} to get them duplicated and out of order, as a PSP
 *       that retries delivers them.</li>
 * </ul>
 *
 * <p>Scripted faults ({@link Builder#first}) come first, then faults are drawn by percentage. Thread-safe; with
 * calls from several threads the faults stay the same sequence but which call gets which depends on timing.
 *
 * <pre>{@code
 * FaultInjection faults = FaultInjection.seeded(42)
 *         .first(new Fault.LostResponse())          // the first call is executed, then times out
 *         .lostResponses(20).retryableErrors(10).slowResponses(10, Duration.ofMillis(5))
 *         .build();
 * BillingProvider flaky = new FaultInjectingBillingProvider(provider, faults);
 * }</pre>
 */
public final class FaultInjection {
    private final long seed;
    private final Random random;
    private final Deque<Fault> scripted;
    private final int slowPercent;
    private final Duration slowDelay;
    private final int lostRequestPercent;
    private final int lostResponsePercent;
    private final int retryablePercent;
    private final ErrorCode retryableCode;
    private final int finalPercent;
    private final ErrorCode finalCode;
    private final int duplicatePercent;
    private final boolean reorder;
    private final List<Injected> log = new ArrayList<>();

    /** One decision: the call's number (from 1), the operation and the fault. */
    public record Injected(int call, String operation, Fault fault) {
        public Injected {
            requireNonNull(operation, "operation is null");
            requireNonNull(fault, "fault is null");
        }

        @Override
        public String toString() {
            return "#" + call + " " + operation + ": " + fault;
        }
    }

    private FaultInjection(Builder builder) {
        this.seed = builder.seed;
        this.random = new Random(builder.seed);
        this.scripted = new ArrayDeque<>(builder.scripted);
        this.slowPercent = builder.slowPercent;
        this.slowDelay = builder.slowDelay;
        this.lostRequestPercent = builder.lostRequestPercent;
        this.lostResponsePercent = builder.lostResponsePercent;
        this.retryablePercent = builder.retryablePercent;
        this.retryableCode = builder.retryableCode;
        this.finalPercent = builder.finalPercent;
        this.finalCode = builder.finalCode;
        this.duplicatePercent = builder.duplicatePercent;
        this.reorder = builder.reorder;
    }

    /** Starts a fault plan whose every random decision derives from {@code seed}. */
    public static Builder seeded(long seed) {
        return new Builder(seed);
    }

    /** No faults at all. */
    public static FaultInjection none() {
        return seeded(0).build();
    }

    public long seed() {
        return seed;
    }

    /** Decides the fault of the next call of {@code operation} and records it. */
    public Fault next(String operation) {
        return decide(operation).fault();
    }

    /**
     * Runs {@code call} under the next fault: a slow response sleeps first; a lost request, a retryable or a
     * final error throws without calling; a lost response calls, drops the result and throws {@link ErrorCode#TIMEOUT}.
     *
     * @throws BillingException the injected error; its message says it was injected, by which call, and the seed
     */
    public <T> T call(String operation, Supplier<T> call) {
        requireNonNull(call, "call is null");
        Injected decision = decide(operation);
        int number = decision.call();
        return switch (decision.fault()) {
            case Fault.None none -> call.get();
            case Fault.SlowResponse slow -> {
                sleep(slow.delay());
                yield call.get();
            }
            case Fault.LostRequest lost -> throw injected(ErrorCode.TIMEOUT, operation, number, "timed out before it reached the other side");
            case Fault.LostResponse lost -> {
                call.get();
                throw injected(ErrorCode.TIMEOUT, operation, number, "timed out after the other side carried it out (the answer was lost)");
            }
            case Fault.RetryableError error -> throw injected(error.code(), operation, number, "failed transiently");
            case Fault.FinalError error -> throw injected(error.code(), operation, number, "was refused for good");
        };
    }

    /**
     * The deliveries as a PSP that retries would deliver them: each one possibly more than once, all in a
     * seeded order when reordering is on. Every original delivery is in the result at least once.
     */
    public synchronized <T> List<T> deliver(List<T> deliveries) {
        requireNonNull(deliveries, "deliveries is null");
        List<T> result = new ArrayList<>();
        for (T delivery : deliveries) {
            result.add(delivery);
            if (duplicatePercent > 0 && random.nextInt(100) < duplicatePercent) {
                result.add(delivery);
            }
        }
        if (reorder) {
            java.util.Collections.shuffle(result, random);
        }
        return result;
    }

    /** Every decision so far, in order. */
    public synchronized List<Injected> log() {
        return List.copyOf(log);
    }

    /** The plan in words, for failure messages: {@code seed 42: 20% lost responses, 10% retryable errors}. */
    public String describePlan() {
        List<String> parts = new ArrayList<>();
        if (slowPercent > 0) {
            parts.add(slowPercent + "% slow responses (" + slowDelay.toMillis() + " ms)");
        }
        if (lostRequestPercent > 0) {
            parts.add(lostRequestPercent + "% lost requests");
        }
        if (lostResponsePercent > 0) {
            parts.add(lostResponsePercent + "% lost responses");
        }
        if (retryablePercent > 0) {
            parts.add(retryablePercent + "% " + retryableCode);
        }
        if (finalPercent > 0) {
            parts.add(finalPercent + "% " + finalCode);
        }
        if (duplicatePercent > 0) {
            parts.add(duplicatePercent + "% duplicate deliveries");
        }
        if (reorder) {
            parts.add("deliveries reordered");
        }
        return "seed " + seed + ": " + (parts.isEmpty() ? "no faults" : String.join(", ", parts));
    }

    @Override
    public String toString() {
        return "FaultInjection[" + describePlan() + "]";
    }

    private Fault draw() {
        int roll = random.nextInt(100);
        int bound = slowPercent;
        if (roll < bound) {
            return new Fault.SlowResponse(slowDelay);
        }
        bound += lostRequestPercent;
        if (roll < bound) {
            return new Fault.LostRequest();
        }
        bound += lostResponsePercent;
        if (roll < bound) {
            return new Fault.LostResponse();
        }
        bound += retryablePercent;
        if (roll < bound) {
            return new Fault.RetryableError(retryableCode);
        }
        bound += finalPercent;
        if (roll < bound) {
            return new Fault.FinalError(finalCode);
        }
        return new Fault.None();
    }

    private synchronized Injected decide(String operation) {
        requireNonNull(operation, "operation is null");
        Fault fault = scripted.isEmpty() ? draw() : scripted.removeFirst();
        Injected decision = new Injected(log.size() + 1, operation, fault);
        log.add(decision);
        return decision;
    }

    private BillingException injected(ErrorCode code, String operation, int number, String what) {
        return new BillingException(code, "injected fault: " + operation + " " + what + " (call #" + number + ", fault seed " + seed + ")");
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingException(ErrorCode.TIMEOUT, "interrupted during an injected slow response", e);
        }
    }

    /** Percentages of calls that get each fault; they add up to at most 100, the rest go through untouched. */
    public static final class Builder {
        private final long seed;
        private final List<Fault> scripted = new ArrayList<>();
        private int slowPercent;
        private Duration slowDelay = Duration.ZERO;
        private int lostRequestPercent;
        private int lostResponsePercent;
        private int retryablePercent;
        private ErrorCode retryableCode = ErrorCode.NETWORK_UNAVAILABLE;
        private int finalPercent;
        private ErrorCode finalCode = ErrorCode.INTERNAL;
        private int duplicatePercent;
        private boolean reorder;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** These faults, in order, before any drawn one. */
        public Builder first(Fault... faults) {
            for (Fault fault : faults) {
                scripted.add(requireNonNull(fault, "fault is null"));
            }
            return this;
        }

        public Builder slowResponses(int percent, Duration delay) {
            this.slowPercent = percent(percent);
            this.slowDelay = new Fault.SlowResponse(delay).delay();
            return this;
        }

        public Builder lostRequests(int percent) {
            this.lostRequestPercent = percent(percent);
            return this;
        }

        public Builder lostResponses(int percent) {
            this.lostResponsePercent = percent(percent);
            return this;
        }

        /** Transient failures with {@link ErrorCode#NETWORK_UNAVAILABLE}. */
        public Builder retryableErrors(int percent) {
            return retryableErrors(percent, ErrorCode.NETWORK_UNAVAILABLE);
        }

        public Builder retryableErrors(int percent, ErrorCode code) {
            this.retryablePercent = percent(percent);
            this.retryableCode = new Fault.RetryableError(code).code();
            return this;
        }

        public Builder finalErrors(int percent, ErrorCode code) {
            this.finalPercent = percent(percent);
            this.finalCode = new Fault.FinalError(code).code();
            return this;
        }

        /** For {@link #deliver}: the share of deliveries that arrive twice. */
        public Builder duplicateDeliveries(int percent) {
            this.duplicatePercent = percent(percent);
            return this;
        }

        /** For {@link #deliver}: shuffle the deliveries. */
        public Builder reorderDeliveries() {
            this.reorder = true;
            return this;
        }

        /** @throws IllegalArgumentException when the call percentages add up to more than 100 */
        public FaultInjection build() {
            int total = slowPercent + lostRequestPercent + lostResponsePercent + retryablePercent + finalPercent;
            if (total > 100) {
                throw new IllegalArgumentException("fault percentages add up to " + total + "%, more than 100%");
            }
            return new FaultInjection(this);
        }

        private static int percent(int percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("a percentage is between 0 and 100, got " + percent);
            }
            return percent;
        }
    }
}
