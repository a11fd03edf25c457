package org.tocsin.twiliosim;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until a deadline instead of sleeping for a guessed time. */
final class Await {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private Await() {
    }

    /** The first value of {@code probe} that satisfies {@code done}; fails after {@link #DEFAULT_TIMEOUT}. */
    static <T> T until(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEFAULT_TIMEOUT + " waiting for " + what
                        + "; last value: " + last);
            }
            try {
                Thread.sleep(10); // poll interval, not a stand-in for the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
