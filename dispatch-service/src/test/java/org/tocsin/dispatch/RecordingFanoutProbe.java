package org.tocsin.dispatch;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tocsin.dispatch.fanout.FanoutProbe;

/** Lets a test crash or hold one action's fan-out after a given page, and see how each run ended. */
final class RecordingFanoutProbe implements FanoutProbe {

    /** A fan-out held after a page until {@link #release()}. */
    static final class Hold {
        private final int page;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Hold(int page) {
            this.page = page;
        }

        boolean awaitReached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }

        private void holdIfAt(int page) {
            if (this.page != page) {
                return;
            }
            reached.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<UUID, Integer> crashes = new ConcurrentHashMap<>();
    private final Map<UUID, Hold> holds = new ConcurrentHashMap<>();
    private final Map<UUID, Hold> writeHolds = new ConcurrentHashMap<>();
    private final Map<UUID, List<String>> outcomes = new ConcurrentHashMap<>();

    /** The first time page {@code page} of the action was produced, fail as a crash would (cursor not saved). */
    void crashOnceAfter(UUID actionId, int page) {
        crashes.put(actionId, page);
    }

    Hold holdAfter(UUID actionId, int page) {
        Hold hold = new Hold(page);
        holds.put(actionId, hold);
        return hold;
    }

    /** Holds the page's transaction once its delivery rows are written, before it locks the action's row. */
    Hold holdWhileWriting(UUID actionId, int page) {
        Hold hold = new Hold(page);
        writeHolds.put(actionId, hold);
        return hold;
    }

    List<String> outcomes(UUID actionId) {
        return List.copyOf(outcomes.getOrDefault(actionId, List.of()));
    }

    @Override
    public void pageProduced(UUID actionId, int page) {
        if (crashes.remove(actionId, page)) {
            throw new IllegalStateException("simulated crash after page " + page);
        }
        Hold hold = holds.get(actionId);
        if (hold != null) {
            hold.holdIfAt(page);
        }
    }

    @Override
    public void pageRowsWritten(UUID actionId, int page) {
        Hold hold = writeHolds.get(actionId);
        if (hold != null) {
            hold.holdIfAt(page);
        }
    }

    @Override
    public void runEnded(UUID actionId, String outcome) {
        outcomes.computeIfAbsent(actionId, id -> new CopyOnWriteArrayList<>()).add(outcome);
    }
}
