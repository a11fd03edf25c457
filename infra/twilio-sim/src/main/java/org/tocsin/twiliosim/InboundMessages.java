package org.tocsin.twiliosim;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.twiliosim.messages.MessageRecord;
import org.tocsin.twiliosim.messages.MessageStore;
import org.tocsin.twiliosim.optout.OptOutRegistry;
import org.tocsin.twiliosim.webhook.WebhookClient;

/**
 * A phone texting one of the system's numbers: Twilio records the message, applies its built-in
 * opt-out keywords, and POSTs a signed webhook to the number's configured URL.
 */
final class InboundMessages {

    private static final Pattern PHONE_ADDRESS = Pattern.compile("(whatsapp:)?\\+[1-9][0-9]{1,14}");
    /** Twilio's default reply to STOP and its synonyms. */
    static final String STOP_REPLY = "You have successfully been unsubscribed. You will not receive any more messages"
            + " from this number. Reply START to resubscribe.";
    private static final System.Logger LOG = System.getLogger(InboundMessages.class.getName());

    private final String accountSid;
    private final String webhookUrl;
    private final MessageStore store;
    private final OptOutRegistry optOuts;
    private final WebhookClient webhooks;

    InboundMessages(String accountSid, String webhookUrl, MessageStore store, OptOutRegistry optOuts,
            WebhookClient webhooks) {
        this.accountSid = accountSid;
        this.webhookUrl = webhookUrl;
        this.store = store;
        this.optOuts = optOuts;
        this.webhooks = webhooks;
    }

    InboundResult deliver(String from, String to, String body) {
        requireAddress(from, "from");
        requireAddress(to, "to");
        if (body == null) {
            throw new IllegalArgumentException("body is required (it may be empty)");
        }
        // Twilio applies opt-out keywords on receipt, whatever the webhook answers later.
        OptOutRegistry.Change change = optOuts.onInbound(from, to, body);
        String sid = MessageRecord.newSid();
        int segments = SmsSegments.count(body).segments();
        Instant now = Instant.now();
        store.add(MessageRecord.inbound(store.nextSequence(), sid, accountSid, from, to, body, segments, now));
        if (change == OptOutRegistry.Change.OPTED_OUT) {
            // Twilio's default opt-out handling confirms a STOP itself, from the number it was sent to
            store.add(MessageRecord.autoReply(store.nextSequence(), MessageRecord.newSid(), accountSid, to, from,
                    STOP_REPLY, SmsSegments.count(STOP_REPLY).segments(), now));
        }
        if (webhookUrl == null) {
            return new InboundResult(sid, InboundResult.NOT_DELIVERED);
        }
        try {
            return new InboundResult(sid, webhooks.post(webhookUrl, webhookParams(sid, from, to, body, segments)));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "inbound webhook {0} unreachable: {1}", webhookUrl, e.toString());
            return new InboundResult(sid, InboundResult.NOT_DELIVERED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InboundResult(sid, InboundResult.NOT_DELIVERED);
        }
    }

    /** The form parameters of Twilio's incoming-message webhook. */
    private Map<String, String> webhookParams(String sid, String from, String to, String body, int segments) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", CallingCodes.country(to));
        params.put("ToState", "");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("ToCity", "");
        params.put("FromZip", "");
        params.put("SmsSid", sid);
        params.put("FromState", "");
        params.put("SmsStatus", "received");
        params.put("FromCity", "");
        params.put("Body", body);
        params.put("FromCountry", CallingCodes.country(from));
        params.put("To", to);
        params.put("ToZip", "");
        params.put("NumSegments", Integer.toString(segments));
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("ApiVersion", MessageRecord.API_VERSION);
        return params;
    }

    private static void requireAddress(String address, String name) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (!PHONE_ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(name + " must be an E.164 number such as +447700900123"
                    + " (optionally prefixed with whatsapp:)");
        }
    }
}
