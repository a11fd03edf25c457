package org.tocsin.subscriber.reply;

import java.time.Instant;
import org.springframework.stereotype.Service;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.MessageIds;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.contracts.ResponseRecorded;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.outbox.Outbox;
import org.tocsin.subscriber.keyword.Command;
import org.tocsin.subscriber.outgoing.OutgoingMessages;
import org.tocsin.subscriber.outgoing.ReplyTexts;
import org.tocsin.subscriber.supporter.Supporter;

/**
 * Records a reply as the response to an action, in the caller's transaction. Only the first
 * response per (action, supporter) is announced and thanked; later ones update the stored text.
 */
@Service
public class ResponseRecorder {

    private final ResponseRepository responses;
    private final Outbox outbox;
    private final OutgoingMessages messages;
    private final ReplyTexts texts;

    ResponseRecorder(ResponseRepository responses, Outbox outbox, OutgoingMessages messages, ReplyTexts texts) {
        this.responses = responses;
        this.outbox = outbox;
        this.messages = messages;
        this.texts = texts;
    }

    /** True for a first response, false for a later one. */
    public boolean record(OpenAction action, Supporter supporter, Command command, InboundMessageReceived inbound,
                          Instant at) {
        ResponseKind kind = ResponseKinds.of(command);
        String supporterId = supporter.id().toString();
        if (!responses.insertFirst(action.actionId(), supporter.id(), kind, inbound.body(), inbound.providerMessageId(), at)) {
            responses.updateLatest(action.actionId(), supporter.id(), kind, inbound.body(), inbound.providerMessageId(), at);
            return false;
        }
        outbox.publish(Topics.RESPONSES, action.actionId(), new ResponseRecorded(action.actionId(), supporterId, kind,
                inbound.body(), inbound.providerMessageId(), at));
        String thanks = action.thanksText() == null || action.thanksText().isBlank()
                ? texts.thanks(texts.languageOrFallback(supporter.language()))
                : action.thanksText();
        // derived from action and supporter: one thank-you per response, however the reply is redelivered
        messages.send(MessageIds.of("thanks:" + action.actionId() + ":" + supporterId), inbound.channel(),
                supporter.phone(), supporterId, Purpose.THANKS, thanks);
        return true;
    }
}
