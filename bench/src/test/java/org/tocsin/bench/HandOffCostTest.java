package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandOffCostTest {

    @Test
    void measuresTheHandOffsAndTheGapsApart() throws InterruptedException {
        HandOffCost.Measured backToBack = HandOffCost.measure(0, 2_000);
        HandOffCost.Measured withGaps = HandOffCost.measure(1_000, 50);

        assertThat(backToBack.roundTrips()).isEqualTo(2_000);
        assertThat(backToBack.cpuPerRoundTrip()).isPositive();
        assertThat(backToBack.cpuPerGapAlone()).isZero();
        // each round trip waited for its gap first: the wall time per round trip includes it
        assertThat(withGaps.wallPerRoundTrip()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(withGaps.cpuPerRoundTrip()).isPositive();
        assertThat(withGaps.toString()).startsWith("gap 1,000 µs:").contains("µs of CPU per hand-off");
    }
}
