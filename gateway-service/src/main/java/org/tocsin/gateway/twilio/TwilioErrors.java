package org.tocsin.gateway.twilio;

import java.time.Duration;
import java.util.Map;
import org.tocsin.gateway.provider.SendOutcome;

/**
 * What Twilio's REST error codes mean for a send.
 * Codes: https://www.twilio.com/docs/api/errors
 */
final class TwilioErrors {

    static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(1);

    private record Meaning(String reason, boolean retryable) {
    }

    // Codes not listed fall back on the HTTP status: 5xx retryable, 4xx not.
    private static final Map<Integer, Meaning> FAILURES = Map.ofEntries(
            Map.entry(20003, new Meaning("authentication failed: check TOCSIN_TWILIO_ACCOUNT_SID and _AUTH_TOKEN", false)),
            Map.entry(20500, new Meaning("Twilio internal error", true)),
            Map.entry(20503, new Meaning("Twilio service unavailable", true)),
            Map.entry(21211, new Meaning("invalid 'To' phone number", false)),
            Map.entry(21408, new Meaning("sending to this region is not enabled", false)),
            Map.entry(21602, new Meaning("message body is required", false)),
            Map.entry(21603, new Meaning("'From' or MessagingServiceSid is required", false)),
            Map.entry(21606, new Meaning("'From' number cannot send this message", false)),
            Map.entry(21612, new Meaning("'To' number is not reachable from this sender", false)),
            Map.entry(21614, new Meaning("'To' number is not a mobile number", false)),
            Map.entry(21617, new Meaning("message body exceeds 1600 characters", false)),
            Map.entry(30001, new Meaning("queue overflow", true)));

    private static final int TOO_MANY_REQUESTS = 20429;
    private static final int UNSUBSCRIBED_RECIPIENT = 21610;

    private TwilioErrors() {
    }

    static SendOutcome outcome(Integer code, Integer httpStatus, String message) {
        int status = httpStatus == null ? 0 : httpStatus;
        if (code == null && status == 0) {
            // the SDK reports a connection failure as an ApiException without any answer
            return new SendOutcome.Failed("network", "no answer from Twilio: " + message, true);
        }
        if (code != null && code == UNSUBSCRIBED_RECIPIENT) {
            return new SendOutcome.OptedOut(String.valueOf(code));
        }
        if ((code != null && code == TOO_MANY_REQUESTS) || status == 429) {
            return new SendOutcome.Throttled(THROTTLE_BACKOFF);
        }
        Meaning meaning = code == null ? null : FAILURES.get(code);
        String codeText = code == null ? "http-" + status : String.valueOf(code);
        if (meaning != null) {
            return new SendOutcome.Failed(codeText, meaning.reason(), meaning.retryable());
        }
        return new SendOutcome.Failed(codeText, message == null ? "Twilio refused the message" : message, status >= 500);
    }
}
