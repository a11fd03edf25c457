package org.tocsin.subscriber.outgoing;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.MessageIds;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.outbox.Outbox;

/**
 * Requests texts to supporters on the transactional lane, through the outbox: a reply is sent only
 * if the change it confirms commits. Message ids are derived from what caused them, so a redelivered
 * cause never produces a second text (the gateway sends each id once).
 */
@Component
public class OutgoingMessages {

    private final Outbox outbox;
    private final Clock clock;

    OutgoingMessages(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The one reply to an inbound message, from the number the supporter wrote to (the conversation
     * stays on one number, and a provider that handles STOP itself blocks only that number).
     * Call inside the transaction that handles it.
     */
    public void reply(InboundMessageReceived inbound, String supporterId, Purpose purpose, String body) {
        send(replyId(inbound.providerMessageId()), inbound.channel(), inbound.from(), supporterId, purpose, body,
                inbound.to());
    }

    /** Any transactional text, from the number the gateway picks. Call inside a transaction. */
    public void send(String messageId, Channel channel, String phone, String supporterId, Purpose purpose, String body) {
        send(messageId, channel, phone, supporterId, purpose, body, null);
    }

    private void send(String messageId, Channel channel, String phone, String supporterId, Purpose purpose, String body,
                      String from) {
        // actionId stays null: a reply is not part of an action's fan-out and must not touch its delivery rows
        outbox.publish(Topics.outbound(Lane.TRANSACTIONAL), phone, new OutboundMessageRequested(messageId,
                Lane.TRANSACTIONAL, channel, phone, body, null, supporterId, purpose, clock.instant(), null, from));
    }

    /** The message id of the reply to an inbound message. */
    public static String replyId(String providerMessageId) {
        return MessageIds.of("reply:" + providerMessageId);
    }
}
