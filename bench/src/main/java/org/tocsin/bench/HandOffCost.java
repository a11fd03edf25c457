package org.tocsin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * What handing work from one thread to another costs on this machine, in CPU: back to back, and
 * when the receiving thread had gone to sleep because nothing came for a while (as at a low message
 * rate). Two threads ping-pong through a {@link SynchronousQueue}; each round trip is two hand-offs.
 * With a gap, the same number of gaps alone is measured too and taken away, so what is left is the
 * hand-offs'. Explains why W3 costs more CPU per webhook at 250/s than in a storm (docs/benchmark-log.md).
 *
 * <p>{@code java -cp bench/target/bench-0.1.0-SNAPSHOT.jar org.tocsin.bench.HandOffCost} (3 rounds).
 */
final class HandOffCost {

    /** CPU of both threads per round trip, with and without the hand-offs; nanoseconds. */
    record Measured(long gapMicros, int roundTrips, double cpuPerRoundTrip, double cpuPerGapAlone, double wallPerRoundTrip) {

        double cpuPerHandOff() {
            return (cpuPerRoundTrip - cpuPerGapAlone) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "gap %,5d µs: %6.1f µs of CPU per hand-off (round trip %6.1f µs, the gap alone %5.1f µs; wall %,.0f µs)",
                    gapMicros, cpuPerHandOff() / 1e3, cpuPerRoundTrip / 1e3, cpuPerGapAlone / 1e3, wallPerRoundTrip / 1e3);
        }
    }

    private HandOffCost() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int round = 1; round <= 3; round++) {
            for (long gapMicros : new long[] {0, 1_000, 4_000}) {
                // back to back is fast: more round trips for the same resolution
                System.out.println("round " + round + ", " + measure(gapMicros, gapMicros == 0 ? 200_000 : 3_000));
            }
        }
    }

    static Measured measure(long gapMicros, int roundTrips) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread echo = Thread.ofPlatform().daemon().name("hand-off-echo").start(() -> {
            try {
                while (true) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long cpu0 = threads.getCurrentThreadCpuTime() + threads.getThreadCpuTime(echo.threadId());
            long wall0 = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                idle(gapMicros);
                ping.put(i);
                pong.take();
            }
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getCurrentThreadCpuTime() + threads.getThreadCpuTime(echo.threadId()) - cpu0;
            long gapsCpu = 0;
            if (gapMicros > 0) {
                long before = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < roundTrips; i++) {
                    idle(gapMicros);
                }
                gapsCpu = threads.getCurrentThreadCpuTime() - before;
            }
            return new Measured(gapMicros, roundTrips, (double) cpu / roundTrips, (double) gapsCpu / roundTrips,
                    (double) wall / roundTrips);
        } finally {
            echo.interrupt();
            echo.join(1_000);
        }
    }

    /** Sleeps the whole gap (a park may return early). */
    private static void idle(long micros) {
        long until = System.nanoTime() + micros * 1_000;
        for (long left = micros * 1_000; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
