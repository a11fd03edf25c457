package org.tocsin.bench;

import java.util.Arrays;

/** Percentiles of latencies in nanoseconds, reported in milliseconds. */
final class Stats {

    private Stats() {
    }

    static double percentileMillis(long[] nanos, double percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? Double.NaN : count * 1_000_000_000.0 / nanos;
    }
}
