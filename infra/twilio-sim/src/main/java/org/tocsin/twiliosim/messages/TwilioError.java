package org.tocsin.twiliosim.messages;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tocsin.twiliosim.http.HttpExchanges;

/** An error answered in Twilio's JSON shape. */
record TwilioError(int status, int code, String message) {

    static final int MALFORMED_REQUEST = 20001;
    static final int AUTHENTICATE = 20003;
    static final int METHOD_NOT_ALLOWED = 20004;
    static final int NOT_FOUND = 20404;
    static final int TOO_MANY_REQUESTS = 20429;
    static final int INTERNAL = 20500;
    static final int INVALID_TO = 21211;
    static final int INVALID_FROM = 21212;
    static final int BODY_REQUIRED = 21602;
    static final int FROM_REQUIRED = 21603;
    static final int TO_REQUIRED = 21604;
    static final int INVALID_STATUS_CALLBACK = 21609;
    static final int UNSUBSCRIBED_RECIPIENT = 21610;
    static final int BODY_TOO_LONG = 21617;
    static final int INVALID_VALIDITY_PERIOD = 21624;
    static final int INVALID_MESSAGING_SERVICE = 21701;

    static TwilioError authenticate() {
        return new TwilioError(401, AUTHENTICATE, "Authenticate");
    }

    static TwilioError notFound(String path) {
        return new TwilioError(404, NOT_FOUND, "The requested resource " + path + " was not found");
    }

    static TwilioError tooManyRequests() {
        return new TwilioError(429, TOO_MANY_REQUESTS, "Too Many Requests");
    }

    static TwilioError badRequest(int code, String message) {
        return new TwilioError(400, code, message);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        json.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        json.put("status", status);
        return json;
    }

    void send(HttpExchange exchange) throws IOException {
        HttpExchanges.sendJson(exchange, status, toJson());
    }
}
