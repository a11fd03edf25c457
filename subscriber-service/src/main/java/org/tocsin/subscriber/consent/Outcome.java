package org.tocsin.subscriber.consent;

/** What handling one inbound message (or provider opt-out) did; also a metric tag. */
enum Outcome {
    JOINED,
    /** Joined a double opt-in list: waiting for YES. */
    PENDING,
    CONFIRMED,
    OPTED_OUT,
    LEFT_LIST,
    PROVIDER_OPT_OUT,
    HELP,
    RESPONSE,
    /** A later reply to an action already answered: text updated, not counted again. */
    RESPONSE_UPDATED,
    HINT,
    /** Nothing to do: a supporter's text that is no keyword and answers no open action, or a stranger's second one today. */
    IGNORED,
    /** Redelivered: handled before. */
    DUPLICATE;

    /** The supporter (re)joined: their number must leave the suppression set. */
    boolean joined() {
        return this == JOINED || this == PENDING || this == CONFIRMED;
    }

    /** They left every list: their number must be in the suppression set. */
    boolean leftEverything() {
        return this == OPTED_OUT || this == PROVIDER_OPT_OUT;
    }
}
