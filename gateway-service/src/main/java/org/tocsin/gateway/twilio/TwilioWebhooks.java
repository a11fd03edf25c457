package org.tocsin.gateway.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Where Twilio reaches the gateway. A status callback URL carries our own ids in its query, so a
 * callback needs no lookup table; Twilio signs the full URL, query included, so they cannot be forged.
 */
final class TwilioWebhooks {

    static final String INBOUND_PATH = "/webhooks/twilio/inbound";
    static final String STATUS_PATH = "/webhooks/twilio/status";

    /** Query parameters of a status callback URL: our message id, action id and supporter id. */
    static final String MESSAGE_ID = "mid";
    static final String ACTION_ID = "a";
    static final String SUPPORTER_ID = "s";

    private TwilioWebhooks() {
    }

    /** {@code <publicBaseUrl>/webhooks/twilio/status?mid=…&a=…&s=…}, leaving out absent ids. */
    static URI statusCallback(URI publicBaseUrl, String messageId, String actionId, String supporterId) {
        return statusCallback(base(publicBaseUrl), messageId, actionId, supporterId);
    }

    /** The same from {@link #base}, computed once (this runs on every send). */
    static URI statusCallback(String base, String messageId, String actionId, String supporterId) {
        Objects.requireNonNull(messageId, "messageId");
        StringJoiner query = new StringJoiner("&", "?", "");
        query.add(MESSAGE_ID + "=" + encode(messageId));
        if (actionId != null) {
            query.add(ACTION_ID + "=" + encode(actionId));
        }
        if (supporterId != null) {
            query.add(SUPPORTER_ID + "=" + encode(supporterId));
        }
        return URI.create(base + STATUS_PATH + query);
    }

    /** The public base URL without a trailing slash: the part Twilio sees before {@code /webhooks}. */
    static String base(URI publicBaseUrl) {
        if (publicBaseUrl == null) {
            throw new IllegalStateException("tocsin.twilio.public-base-url (TOCSIN_TWILIO_PUBLIC_BASE_URL) is not set:"
                    + " Twilio signs webhooks against it");
        }
        return publicBaseUrl.toString().replaceAll("/+$", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
