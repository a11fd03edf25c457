package org.tocsin.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Percentiles of latencies in nanoseconds, reported in milliseconds; medians of repeated measurements. */
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

    /** The median of {@code values} (the upper one of an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The item whose {@code key} is the median (the upper one of an even count): the run a workload
     * reports whole, with the figures measured beside it.
     */
    static <T> T median(List<T> items, ToDoubleFunction<T> key) {
        return items.stream().sorted(Comparator.comparingDouble(key)).toList().get(items.size() / 2);
    }
}
