package org.tocsin.contracts;

/** Where a message is on its way to a supporter. */
public enum DeliveryStatus {
    QUEUED(false),
    SENT(false),
    DELIVERED(true),
    UNDELIVERED(true),
    FAILED(true),
    /** Not sent: the recipient had opted out. */
    SUPPRESSED(true),
    /** Not sent: its urgent action was cancelled first. */
    CANCELLED(true),
    /** Not sent: its send window passed. */
    EXPIRED(true);

    private final boolean terminal;

    DeliveryStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** True for states a message never leaves. */
    public boolean terminal() {
        return terminal;
    }
}
