package org.tocsin.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Please send this message. The gateway sends each {@code messageId} at most once, so producers
 * derive it deterministically (for fan-out: from the action and the supporter).
 *
 * @param messageId   our id, stable across retries and redeliveries
 * @param lane        priority lane; decides the topic
 * @param channel     SMS or WhatsApp
 * @param to          recipient, E.164
 * @param body        text to send
 * @param actionId    the urgent action this belongs to, or null for a transactional reply
 * @param supporterId the recipient's supporter id, or null for a stranger
 * @param purpose     why it is sent (an opt-out confirmation is the only thing an opted-out number gets)
 * @param requestedAt when the request was made
 * @param notAfter    do not send after this instant (null: no limit)
 * @param from        the number to send from: for a reply, the one the supporter wrote to (null: the gateway picks)
 */
public record OutboundMessageRequested(String messageId, Lane lane, Channel channel, String to, String body,
                                       String actionId, String supporterId, Purpose purpose, Instant requestedAt,
                                       Instant notAfter, String from) {
    public OutboundMessageRequested {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        channel = channel == null ? Channel.SMS : channel;
        purpose = purpose == null ? Purpose.ALERT : purpose;
    }

    /** A request that leaves the choice of sender to the gateway. */
    public OutboundMessageRequested(String messageId, Lane lane, Channel channel, String to, String body,
                                    String actionId, String supporterId, Purpose purpose, Instant requestedAt,
                                    Instant notAfter) {
        this(messageId, lane, channel, to, body, actionId, supporterId, purpose, requestedAt, notAfter, null);
    }
}
