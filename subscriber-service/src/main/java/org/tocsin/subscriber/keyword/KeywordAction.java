package org.tocsin.subscriber.keyword;

/** What texting a keyword does. */
public enum KeywordAction {
    /** Leave every list, or the keyword's list, or the list named after it ("STOP CLIMATE"). */
    OPT_OUT,
    /** Join the keyword's list. */
    OPT_IN,
    /** Get the help text. */
    HELP,
    /** YES: confirms a double opt-in, or answers an urgent action. */
    CONFIRM,
    /** NO: answers an urgent action. */
    DECLINE
}
