package io.billinggateway.provider.mockfiat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting for something asynchronous (a webhook delivery) by polling until a deadline; never by sleeping a fixed time. */
final class Eventually {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long PAUSE_MILLIS = 10;

    private Eventually() {
    }

    /** The first present value {@code probe} yields within the timeout; fails naming {@code awaited} and what the last probe saw. */
    static <T> T await(String awaited, Supplier<Optional<T>> probe, Supplier<String> situation) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("waited " + TIMEOUT + " for " + awaited + "; " + situation.get());
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for " + awaited);
            }
        }
    }
}
