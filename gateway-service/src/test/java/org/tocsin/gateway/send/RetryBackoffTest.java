package org.tocsin.gateway.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(1));

    @Test
    void ceilingDoublesPerAttemptUpToTheMaximum() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::ceiling).toList()).containsExactly(
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(32), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void delaysAreSpreadOverTheWholeRangeFullJitter() {
        var delays = IntStream.range(0, 2_000).mapToObj(i -> backoff.after(3)).toList();

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(8)));
        assertThat(delays).anySatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));
        assertThat(delays).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(7)));
    }
}
