package org.tocsin.twiliosim;

import java.time.Instant;

/**
 * A message the system sent through the simulator, as it stands now.
 *
 * @param sid Twilio message SID ({@code SM} + 32 hex)
 * @param to recipient
 * @param from sender number, or {@code null} when sent through a Messaging Service only
 * @param messagingServiceSid the Messaging Service, or {@code null}
 * @param body text as received
 * @param status Twilio status: accepted, queued, sent, delivered, undelivered or failed
 * @param segments SMS segments the body takes
 * @param errorCode Twilio error code of a failed or undelivered message, else {@code null}
 * @param createdAt when the simulator accepted it
 * @param sequence where it falls in the simulator's order of creation (inbound messages, Twilio's
 *     own replies and {@link RefusedSend refused sends} share it)
 */
public record SimulatedMessage(
        String sid,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        String status,
        int segments,
        Integer errorCode,
        Instant createdAt,
        long sequence) {
}
