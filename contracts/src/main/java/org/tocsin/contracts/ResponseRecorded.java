package org.tocsin.contracts;

import java.time.Instant;

/**
 * A supporter answered an urgent action within its reply window.
 *
 * @param actionId     the action
 * @param supporterId  who answered
 * @param kind         YES, NO or OTHER (a name, free text)
 * @param text         what they wrote
 * @param providerMessageId the inbound message's provider id
 * @param respondedAt  when their message reached us
 */
public record ResponseRecorded(String actionId, String supporterId, ResponseKind kind, String text,
                               String providerMessageId, Instant respondedAt) {
}
