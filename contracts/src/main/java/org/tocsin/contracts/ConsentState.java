package org.tocsin.contracts;

/** A supporter's consent for one list. */
public enum ConsentState {
    /** Asked to join a double-opt-in list and has not confirmed yet: not a recipient. */
    PENDING,
    SUBSCRIBED,
    UNSUBSCRIBED
}
