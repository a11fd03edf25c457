package org.tocsin.bench;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tocsin.twiliosim.http.FormEncoding;
import org.tocsin.twiliosim.webhook.TwilioSignature;

/**
 * Posts Twilio incoming-message webhooks to the gateway, signed with {@link TwilioSignature}
 * exactly as the simulator (and Twilio) sign them.
 */
final class InboundWebhooks implements AutoCloseable {

    /** The number supporters text. */
    private static final String TO = "+15005550006";

    private final String url;
    private final String accountSid;
    private final TwilioSignature signature;
    private final KeptAliveHttp http;

    InboundWebhooks(String gatewayBaseUrl, String accountSid, String authToken) {
        this.url = gatewayBaseUrl + "/webhooks/twilio/inbound";
        this.accountSid = accountSid;
        this.signature = new TwilioSignature(authToken);
        this.http = new KeptAliveHttp(URI.create(url));
    }

    /** A signed request for one incoming SMS; encoded before the clock starts so signing is not timed. */
    byte[] request(String messageSid, String from, String body) {
        Map<String, String> params = params(messageSid, from, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Twilio-Signature", signature.sign(url, params));
        return http.post(headers, FormEncoding.encode(params));
    }

    /** Posts it and returns the HTTP status. */
    int post(byte[] request) throws IOException {
        return http.send(request);
    }

    /** Closes the kept-alive connections. */
    @Override
    public void close() {
        http.close();
    }

    /** A Twilio-shaped MessageSid (32 hex digits), distinct per (run, phase, index) for indexes under 2^24. */
    static String sid(String runId, int phase, int index) {
        if (index < 0 || index > 0xffffff) {
            throw new IllegalArgumentException("a webhook sid's index must be 0 to " + 0xffffff + ", got " + index);
        }
        long phaseAndIndex = (Integer.toUnsignedLong(phase) << 24) | index;
        return "SM" + String.format("%08x%024x", runId.hashCode(), phaseAndIndex);
    }

    private Map<String, String> params(String sid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("FromCountry", "GB");
        params.put("To", TO);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }
}
