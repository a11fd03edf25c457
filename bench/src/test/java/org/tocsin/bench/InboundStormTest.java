package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InboundStormTest {

    @Test
    void aTracerNotYetVisibleIsAskedAgainAfterAFiftiethOfItsAgeWithinBounds() {
        assertThat(InboundStorm.recheckAfter(Duration.ofMillis(100).toNanos())).isEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(10).toNanos())).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(60).toNanos())).isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void theArrivalSearchGoesUpWhileHeldDownWhileMissedAndStopsWhereTheAnswerTurns() {
        int target = Arrays.binarySearch(InboundStorm.ARRIVAL_RATES, 2000);
        assertThat(InboundStorm.nextArrivalStep(target, true, null)).isEqualTo(target + 1);
        assertThat(InboundStorm.nextArrivalStep(target, false, null)).isEqualTo(target - 1);
        assertThat(InboundStorm.nextArrivalStep(target - 1, false, false)).isEqualTo(target - 2);
        assertThat(InboundStorm.nextArrivalStep(target - 1, true, false)).isEqualTo(-1);
        assertThat(InboundStorm.nextArrivalStep(target + 1, false, true)).isEqualTo(-1);
        // the ends of the rates end it too
        assertThat(InboundStorm.nextArrivalStep(0, false, false)).isEqualTo(-1);
        assertThat(InboundStorm.nextArrivalStep(InboundStorm.ARRIVAL_RATES.length - 1, true, true)).isEqualTo(-1);
    }
}
