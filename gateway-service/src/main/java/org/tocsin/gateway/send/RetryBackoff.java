package org.tocsin.gateway.send;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a uniformly random time in
 * [0, min(max, base * 2^(n-1))], so many messages that failed together do not retry together.
 */
final class RetryBackoff {

    private final Duration base;
    private final Duration max;

    RetryBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** How long to wait after failed attempt {@code attempt} (1 for the first). */
    Duration after(int attempt) {
        return Duration.ofMillis((long) (ThreadLocalRandom.current().nextDouble() * ceiling(attempt).toMillis()));
    }

    /** The most attempt {@code attempt} may wait. */
    Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
