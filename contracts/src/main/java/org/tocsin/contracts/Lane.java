package org.tocsin.contracts;

/**
 * Priority lanes for outbound messages: a million-recipient fan-out must never delay a STOP
 * confirmation, so each lane has its own topic and consumer.
 */
public enum Lane {
    /** Replies to something a supporter just did: confirmations, HELP, thank-yous. */
    TRANSACTIONAL,
    /** Urgent-action fan-out. */
    URGENT,
    /** Everything that can wait. */
    BULK
}
