package io.billinggateway.provider.evm.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderStateTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void chargesSurviveAReopenAndExpireWhileRunningNotOnlyAtStart() {
        ProviderState state = ProviderState.open(directory);
        state.putCharges(List.of(charge("1", START), charge("2", START)));
        state.removeCharges(List.of(charge("2", START)));

        ProviderState reopened = ProviderState.open(directory);
        assertThat(reopened.charge("1", START.toEpochMilli())).isPresent();
        assertThat(reopened.charge("2", START.toEpochMilli())).isEmpty();

        // Within the prune interval nothing is dropped; a charge sent after the retention drops the old one.
        Instant withinInterval = START.plus(ProviderState.PRUNE_INTERVAL.dividedBy(2));
        reopened.putCharges(List.of(charge("3", withinInterval)));
        assertThat(reopened.charge("1", START.toEpochMilli())).isPresent();
        Instant later = START.plus(ProviderState.RETENTION).plus(Duration.ofDays(1));
        reopened.putCharges(List.of(charge("4", later)));
        assertThat(reopened.charge("1", START.toEpochMilli())).as("older than the retention").isEmpty();
        assertThat(reopened.charge("3", withinInterval.toEpochMilli())).as("older than the retention").isEmpty();
        assertThat(reopened.charge("4", later.toEpochMilli())).isPresent();
        assertThat(ProviderState.open(directory).charge("1", START.toEpochMilli())).as("the pruning is written").isEmpty();
    }

    private static StoredCharge charge(String subscription, Instant sentAt) {
        return new StoredCharge(subscription, sentAt.toEpochMilli(), "0x" + subscription, BigInteger.ONE, sentAt.toEpochMilli());
    }
}
