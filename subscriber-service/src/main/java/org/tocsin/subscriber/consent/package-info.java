/** Inbound messages turned into consent: the append-only ledger, subscriptions, suppression and replies. */
package org.tocsin.subscriber.consent;
