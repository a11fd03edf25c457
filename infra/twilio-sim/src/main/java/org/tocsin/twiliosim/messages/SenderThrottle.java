package org.tocsin.twiliosim.messages;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-sender sliding-window limit: at most {@code mps} accepted sends in any one-second window.
 * Each sender keeps the times of its last {@code mps} sends and locks only itself, so senders
 * never wait for each other.
 */
final class SenderThrottle {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Records a send by {@code sender} and returns true, or returns false when it would exceed {@code mps}. */
    boolean tryAcquire(String sender, int mps, long nowNanos) {
        if (mps <= 0) {
            return true;
        }
        return windows.computeIfAbsent(sender, key -> new Window()).tryAcquire(mps, nowNanos);
    }

    void clear() {
        windows.clear();
    }

    private static final class Window {
        private long[] sentAt = new long[0];
        private int next;
        private int count;

        synchronized boolean tryAcquire(int mps, long nowNanos) {
            if (sentAt.length != mps) {
                sentAt = new long[mps];
                next = 0;
                count = 0;
            }
            // sentAt[next] is the oldest of the last mps sends once the ring is full.
            if (count == mps && nowNanos - sentAt[next] < WINDOW_NANOS) {
                return false;
            }
            sentAt[next] = nowNanos;
            next = (next + 1) % mps;
            count = Math.min(count + 1, mps);
            return true;
        }
    }
}
