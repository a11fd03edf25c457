package org.tocsin.contracts;

/** Why a message is sent; decides whether a suppressed (opted-out) recipient may still get it. */
public enum Purpose {
    /** An urgent action. */
    ALERT,
    /** "You joined" or "reply YES to confirm". */
    OPT_IN_CONFIRMATION,
    /** The one reply to STOP: the only message an opted-out number ever gets. */
    OPT_OUT_CONFIRMATION,
    /** The answer to HELP or INFO. */
    HELP,
    /** "Text JOIN to join", to a stranger, at most once a day. */
    HINT,
    /** Thanks for a response to an urgent action. */
    THANKS;

    /** True when an opted-out recipient must still get it. */
    public boolean reachesOptedOut() {
        return this == OPT_OUT_CONFIRMATION;
    }
}
