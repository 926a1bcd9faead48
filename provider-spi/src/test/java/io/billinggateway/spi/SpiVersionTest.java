package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiVersionTest {
    @Test
    void hostLoadsSameMajorWithMinorNoNewerThanItsOwn() {
        SpiVersion host = SpiVersion.parse("1.3");
        assertThat(host.canLoad(SpiVersion.parse("1.0"))).isTrue();
        assertThat(host.canLoad(SpiVersion.parse("1.3"))).isTrue();
        assertThat(host.canLoad(SpiVersion.parse("1.4"))).isFalse();
        assertThat(host.canLoad(SpiVersion.parse("2.0"))).isFalse();
        assertThat(host.canLoad(SpiVersion.parse("0.9"))).isFalse();
        assertThat(SpiVersion.host()).hasToString(SpiVersion.CURRENT);
    }

    @Test
    void malformedVersionsAreExplained() {
        assertThatThrownBy(() -> SpiVersion.parse("1")).hasMessage("SPI version must look like MAJOR.MINOR, got '1'");
        assertThatThrownBy(() -> SpiVersion.parse("one.two")).hasMessage("SPI version must look like MAJOR.MINOR, got 'one.two'");
    }
}
