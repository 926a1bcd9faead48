package io.billinggateway.gateway.sandbox;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The sandbox's progress, one line per step with its duration ({@code [3/9] deploying to bsc ... 2.1 s}), so a slow
 * or stuck step is visible as it happens.
 */
final class Steps {
    /** One step's work; may throw, which ends the sandbox with one line naming the step. */
    interface Work<T> {
        T run() throws Exception;
    }

    private final PrintStream out;
    private final int total;
    private final long started = System.nanoTime();
    private int current;

    Steps(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    <T> T run(String description, Work<T> work) throws SandboxException {
        return run(description, work, result -> "");
    }

    /** Runs a step and adds {@code outcome} of its result to its line ({@code reused, 0.2 s}). */
    <T> T run(String description, Work<T> work, java.util.function.Function<T, String> outcome) throws SandboxException {
        current++;
        out.print("[" + current + "/" + total + "] " + description + " ... ");
        out.flush();
        long start = System.nanoTime();
        try {
            T result = work.run();
            String note = outcome.apply(result);
            out.println((note.isEmpty() ? "" : note + ", ") + seconds(start));
            return result;
        }
        catch (SandboxException e) {
            out.println("failed");
            throw e;
        }
        catch (Exception e) {
            out.println("failed");
            throw new SandboxException(description + " failed: " + e.getMessage(), e);
        }
    }

    /** Time since the sandbox started, for the "ready" line. */
    String elapsed() {
        return seconds(started);
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
