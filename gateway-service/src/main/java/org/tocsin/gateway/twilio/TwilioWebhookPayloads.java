package org.tocsin.gateway.twilio;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.MessageStatusChanged;

/** Turns the form parameters Twilio posts into Tocsin events. */
final class TwilioWebhookPayloads {

    static final String PROVIDER = "twilio";

    private TwilioWebhookPayloads() {
    }

    /** A required form parameter is missing or blank. */
    static final class MissingParameterException extends RuntimeException {
        private final String parameter;

        MissingParameterException(String parameter) {
            super(parameter + " is required");
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }
    }

    /** A status callback that says something: its event and the status it reports, for deduplication. */
    record StatusReport(MessageStatusChanged event, String twilioStatus) {
    }

    /** An incoming message (SMS, or WhatsApp when {@code From} starts with {@code whatsapp:}). */
    static InboundMessageReceived inbound(Map<String, String> form, Instant receivedAt) {
        String sid = required(form, "MessageSid", "SmsMessageSid", "SmsSid");
        String from = required(form, "From");
        return new InboundMessageReceived(sid, PROVIDER, TwilioAddresses.channelOf(from), TwilioAddresses.number(from),
                TwilioAddresses.number(optional(form, "To")), form.getOrDefault("Body", ""), receivedAt);
    }

    /**
     * A delivery report, or empty when its status adds nothing (see {@link TwilioMessageStatuses}).
     *
     * @param query the callback URL's query: our {@code mid}, {@code a}, {@code s}
     */
    static Optional<StatusReport> status(Map<String, String> form, Map<String, String> query, Instant occurredAt) {
        String sid = required(form, "MessageSid", "SmsSid");
        String twilioStatus = required(form, "MessageStatus", "SmsStatus");
        String messageId = blankToNull(query.get(TwilioWebhooks.MESSAGE_ID));
        Optional<DeliveryStatus> status = TwilioMessageStatuses.map(twilioStatus);
        if (status.isEmpty() || messageId == null) {
            return Optional.empty();
        }
        var event = new MessageStatusChanged(messageId, sid, TwilioAddresses.number(optional(form, "To")),
                blankToNull(query.get(TwilioWebhooks.ACTION_ID)), blankToNull(query.get(TwilioWebhooks.SUPPORTER_ID)),
                status.get(), optional(form, "ErrorCode"), occurredAt);
        return Optional.of(new StatusReport(event, twilioStatus.strip().toLowerCase(Locale.ROOT)));
    }

    /** The first present of {@code names} (Twilio repeats the sid under older names). */
    private static String required(Map<String, String> form, String... names) {
        for (String name : names) {
            String value = blankToNull(form.get(name));
            if (value != null) {
                return value.strip();
            }
        }
        throw new MissingParameterException(names[0]);
    }

    private static String optional(Map<String, String> form, String name) {
        String value = blankToNull(form.get(name));
        return value == null ? null : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
