package org.tocsin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tocsin.twiliosim.http.FormEncoding;
import org.tocsin.twiliosim.webhook.TwilioSignature;

/**
 * Posts Twilio incoming-message webhooks to the gateway, signed with {@link TwilioSignature}
 * exactly as the simulator (and Twilio) sign them.
 */
final class InboundWebhooks {

    /** The number supporters text. */
    private static final String TO = "+15005550006";

    private final String url;
    private final String accountSid;
    private final TwilioSignature signature;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    InboundWebhooks(String gatewayBaseUrl, String accountSid, String authToken) {
        this.url = gatewayBaseUrl + "/webhooks/twilio/inbound";
        this.accountSid = accountSid;
        this.signature = new TwilioSignature(authToken);
    }

    /** A signed request for one incoming SMS; built before the clock starts so signing is not timed. */
    HttpRequest request(String messageSid, String from, String body) {
        Map<String, String> params = params(messageSid, from, body);
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature.sign(url, params))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params)))
                .build();
    }

    /** Posts it and returns the HTTP status. */
    int post(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A Twilio-shaped MessageSid, distinct per (run, phase, index). */
    static String sid(String runId, int phase, int index) {
        long bits = ((long) runId.hashCode() << 32) | ((long) (phase & 0xff) << 24) | (index & 0xffffff);
        return "SM" + String.format("%032x", bits);
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
