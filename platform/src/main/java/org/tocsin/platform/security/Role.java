package org.tocsin.platform.security;

/** What a person may do through the APIs. */
public enum Role {
    /** Drafts, approves (someone else's), triggers and cancels urgent actions. */
    COORDINATOR,
    /** Reads stats and responses, sees masked phone numbers only. */
    ANALYST,
    /** Manages users, lists and keywords. */
    ADMIN
}
