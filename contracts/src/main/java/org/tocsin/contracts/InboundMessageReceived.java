package org.tocsin.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A supporter texted us. Published by the gateway once the provider's signed webhook is checked
 * and its message id was not seen before.
 *
 * @param providerMessageId the provider's id (Twilio's MessageSid), unique per message
 * @param provider          which provider adapter received it, e.g. {@code twilio}
 * @param channel           SMS or WhatsApp
 * @param from              the supporter's number, E.164
 * @param to                our number (or sender id) they wrote to
 * @param body              the text as received
 * @param receivedAt        when the gateway accepted it
 */
public record InboundMessageReceived(String providerMessageId, String provider, Channel channel, String from,
                                     String to, String body, Instant receivedAt) {
    public InboundMessageReceived {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(from, "from");
        body = body == null ? "" : body;
    }
}
