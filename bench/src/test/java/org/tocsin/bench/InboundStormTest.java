package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboundStormTest {

    @Test
    void aTracerNotYetVisibleIsAskedAgainAfterAFiftiethOfItsAgeWithinBounds() {
        assertThat(InboundStorm.recheckAfter(Duration.ofMillis(100).toNanos())).isEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(10).toNanos())).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(60).toNanos())).isEqualTo(Duration.ofMillis(500).toNanos());
    }
}
