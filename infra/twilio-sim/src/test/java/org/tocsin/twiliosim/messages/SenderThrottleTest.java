package org.tocsin.twiliosim.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sliding window, driven by an explicit clock. */
class SenderThrottleTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000_000 * MS;

    private final SenderThrottle throttle = new SenderThrottle();

    @Test
    void allowsMpsSendsInAnyOneSecondWindow() {
        assertThat(throttle.tryAcquire("+15005550006", 2, T0)).isTrue();
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 400 * MS)).isTrue();
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 600 * MS)).isFalse();
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 999 * MS)).isFalse();
        // the send at T0 left the window; the one at T0+400 is still in it
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 1000 * MS)).isTrue();
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 1100 * MS)).isFalse();
        assertThat(throttle.tryAcquire("+15005550006", 2, T0 + 1400 * MS)).isTrue();
    }

    @Test
    void refusedSendsDoNotUseUpTheWindow() {
        assertThat(throttle.tryAcquire("s", 1, T0)).isTrue();
        for (int i = 1; i < 10; i++) {
            assertThat(throttle.tryAcquire("s", 1, T0 + i * 50 * MS)).isFalse();
        }
        assertThat(throttle.tryAcquire("s", 1, T0 + 1000 * MS)).isTrue();
    }

    @Test
    void sendersAreIndependentAndZeroMeansNoLimit() {
        assertThat(throttle.tryAcquire("a", 1, T0)).isTrue();
        assertThat(throttle.tryAcquire("b", 1, T0)).isTrue();
        assertThat(throttle.tryAcquire("a", 1, T0 + MS)).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.tryAcquire("a", 0, T0 + MS)).isTrue();
        }
    }

    @Test
    void clearForgetsEveryWindow() {
        assertThat(throttle.tryAcquire("a", 1, T0)).isTrue();
        throttle.clear();
        assertThat(throttle.tryAcquire("a", 1, T0 + MS)).isTrue();
    }
}
