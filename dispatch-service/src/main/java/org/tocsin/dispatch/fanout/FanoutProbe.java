package org.tocsin.dispatch.fanout;

import java.util.UUID;

/**
 * Seams in the fan-out loop, for tests that interrupt or hold a fan-out between pages. When the
 * context has no bean of this type nothing is called. A probe runs on the fan-out's own thread;
 * throwing from {@link #pageProduced} behaves like a crash before the page's cursor was saved.
 */
public interface FanoutProbe {

    /** What runs when the context has no probe: nothing. */
    FanoutProbe NONE = new FanoutProbe() {
    };

    /**
     * A page's delivery rows are written in its transaction, not committed, and the action's row is
     * not locked yet (a cancel may happen now).
     */
    default void pageRowsWritten(UUID actionId, int page) {
    }

    /** A page's messages were acknowledged by Kafka; its cursor is not saved yet (later pages may be in flight). */
    default void pageProduced(UUID actionId, int page) {
    }

    /**
     * This instance stopped working on an action: {@code FINISHED}, {@code STOPPED: <why>} (cancelled,
     * lease lost, shutting down) or {@code FAILED: <error>} (it resumes from its cursor after a pause).
     */
    default void runEnded(UUID actionId, String outcome) {
    }
}
