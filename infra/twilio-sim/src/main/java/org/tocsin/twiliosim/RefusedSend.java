package org.tocsin.twiliosim;

import java.time.Instant;

/**
 * A send the simulator refused, as Twilio does without creating a message: an unsubscribed
 * recipient (21610), too many requests (429) or an invalid request. Tests read these to see what
 * the system attempted, not only what got through.
 *
 * @param sequence where it falls in the simulator's order of creation, shared with
 *     {@link SimulatedMessage#sequence()}
 * @param to recipient as requested (may be invalid)
 * @param from sender as requested, or {@code null}
 * @param messagingServiceSid the Messaging Service as requested, or {@code null}
 * @param body text as requested
 * @param httpStatus the HTTP status answered
 * @param errorCode the Twilio error code answered
 * @param refusedAt when it was refused
 */
public record RefusedSend(
        long sequence,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        int httpStatus,
        int errorCode,
        Instant refusedAt) {
}
