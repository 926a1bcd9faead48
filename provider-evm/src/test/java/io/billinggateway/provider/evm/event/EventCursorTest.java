package io.billinggateway.provider.evm.event;

import io.billinggateway.spi.BillingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCursorTest {
    private static final String HASH = "0x" + "ab".repeat(32);

    @Test
    void roundTrips() {
        EventCursor cursor = new EventCursor(56, 1234, HASH, 3);
        assertThat(cursor.encode()).isEqualTo("evm1:56:1234:" + HASH + ":3");
        assertThat(EventCursor.parse(cursor.encode(), 56)).isEqualTo(cursor);
        assertThat(EventCursor.parse(EventCursor.before(56, 0).encode(), 56)).isEqualTo(new EventCursor(56, -1, "-", 0));
    }

    @Test
    void refusesWhatItDidNotWrite() {
        assertThatThrownBy(() -> EventCursor.parse("evm1:56:12:0xAB:0", 56)).isInstanceOf(BillingException.class);
        assertThatThrownBy(() -> EventCursor.parse("evm1:56:12:" + HASH, 56)).isInstanceOf(BillingException.class);
        assertThatThrownBy(() -> EventCursor.parse("evm1:1:12:" + HASH + ":0", 56)).hasMessage("the event cursor belongs to chain 1, not to chain 56");
    }
}
