package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    private record Run(String name, double rate) {
    }

    @Test
    void theMedianRunIsReportedWholeAndItsRateIsTheMedianRate() {
        List<Run> runs = List.of(new Run("slow", 90), new Run("fast", 210), new Run("middle", 150));

        assertThat(Stats.median(runs, Run::rate).name()).isEqualTo("middle");
        assertThat(Stats.median(new double[] {90, 210, 150})).isEqualTo(150);
        // an even count gives the upper of the two middle ones, by either route
        assertThat(Stats.median(List.of(new Run("a", 4), new Run("b", 1), new Run("c", 3), new Run("d", 2)), Run::rate).name())
                .isEqualTo("c");
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(3);
    }

    @Test
    void percentilesAreReadFromTheSortedLatenciesInMilliseconds() {
        long[] nanos = {5_000_000, 1_000_000, 4_000_000, 2_000_000, 3_000_000};

        assertThat(Stats.percentileMillis(nanos, 50)).isEqualTo(3.0);
        assertThat(Stats.percentileMillis(nanos, 99)).isEqualTo(5.0);
        assertThat(Stats.percentileMillis(new long[0], 50)).isNaN();
    }
}
