package org.tocsin.contracts;

import java.time.Instant;

/**
 * A message we sent changed state: the gateway's own outcome (sent, suppressed, failed) or a
 * provider's status callback (delivered, undelivered, failed).
 *
 * @param messageId         our id from {@link OutboundMessageRequested}
 * @param providerMessageId the provider's id (Twilio's SM… sid), when known
 * @param to                recipient, E.164
 * @param actionId          the urgent action, or null
 * @param supporterId       the supporter, or null
 * @param status            the new state
 * @param errorCode         provider error code for failures, else null
 * @param occurredAt        when it happened
 */
public record MessageStatusChanged(String messageId, String providerMessageId, String to, String actionId,
                                   String supporterId, DeliveryStatus status, String errorCode,
                                   Instant occurredAt) {
}
