package org.tocsin.dispatch.alert;

/** DRAFT → APPROVED → SENDING → COMPLETED, or CANCELLED from any state before COMPLETED. */
enum AlertState {
    DRAFT,
    APPROVED,
    SENDING,
    COMPLETED,
    CANCELLED
}
