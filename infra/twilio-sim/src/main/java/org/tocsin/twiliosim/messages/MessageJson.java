package org.tocsin.twiliosim.messages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A message in the JSON shape of Twilio's Messages resource (2010-04-01 API). */
final class MessageJson {

    /** RFC 2822 in GMT, as Twilio writes dates: {@code Thu, 30 Jul 2015 20:12:31 +0000}. */
    static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private MessageJson() {
    }

    static Map<String, Object> of(MessageRecord message) {
        String uriBase = "/2010-04-01/Accounts/" + message.accountSid() + "/Messages/" + message.sid();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", message.accountSid());
        json.put("api_version", MessageRecord.API_VERSION);
        json.put("body", message.body());
        json.put("date_created", date(message.dateCreated()));
        json.put("date_sent", date(message.dateSent()));
        json.put("date_updated", date(message.dateUpdated()));
        json.put("direction", message.direction());
        json.put("error_code", message.errorCode());
        json.put("error_message", message.errorMessage());
        json.put("from", message.from());
        json.put("messaging_service_sid", message.messagingServiceSid());
        json.put("num_media", "0");
        // Twilio reports 0 segments while a Messaging Service has not yet picked a sender.
        json.put("num_segments", "accepted".equals(message.status()) ? "0" : Integer.toString(message.segments()));
        json.put("price", message.price());
        json.put("price_unit", "USD");
        json.put("sid", message.sid());
        json.put("status", message.status());
        Map<String, String> subresources = new LinkedHashMap<>();
        subresources.put("media", uriBase + "/Media.json");
        subresources.put("feedback", uriBase + "/Feedback.json");
        json.put("subresource_uris", subresources);
        json.put("to", message.to());
        json.put("uri", uriBase + ".json");
        return json;
    }

    private static String date(Instant instant) {
        return instant == null ? null : RFC_2822.format(instant);
    }
}
