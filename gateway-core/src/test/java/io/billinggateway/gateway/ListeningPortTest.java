package io.billinggateway.gateway;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A component created before the server binds a system-assigned port (a scheduled task's first run on a slow
 * machine) waits for the port instead of concluding there is none, which once stopped a gateway at start-up.
 */
class ListeningPortTest {
    @Test
    void aCallerBeforeTheBindGetsThePortOnceTheServerListens() throws Exception {
        ListeningPort port = new ListeningPort(0, true);
        CompletableFuture<OptionalInt> early = CompletableFuture.supplyAsync(port::awaitPort);
        Thread.sleep(200);
        assertThat(early).isNotDone();

        port.listening(41_234);

        assertThat(early.get(10, TimeUnit.SECONDS)).hasValue(41_234);
    }

    @Test
    void aProcessWithoutAServerDoesNotWait() {
        assertThat(new ListeningPort(0, false).awaitPort()).isEmpty();
    }

    @Test
    void aConfiguredPortIsKnownAtOnce() {
        assertThat(new ListeningPort(8080, true).awaitPort()).hasValue(8080);
    }
}
