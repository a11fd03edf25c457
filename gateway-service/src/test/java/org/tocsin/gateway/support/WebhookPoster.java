package org.tocsin.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tocsin.twiliosim.webhook.TwilioSignature;

/** Posts raw form bodies to the gateway's webhooks, signed the way Twilio signs them (or not). */
public final class WebhookPoster {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authToken;

    public WebhookPoster(String baseUrl, String authToken) {
        this.baseUrl = baseUrl;
        this.authToken = authToken;
    }

    /** Signs {@code formBody} for {@code baseUrl + pathAndQuery} with the auth token and posts it. */
    public HttpResponse<String> signed(String pathAndQuery, String formBody) {
        return post(pathAndQuery, formBody, TwilioSignature.sign(authToken, baseUrl + pathAndQuery, parse(formBody)));
    }

    /** Posts with whatever signature header is given (null: none). */
    public HttpResponse<String> post(String pathAndQuery, String formBody, String signature) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String signature(String url, String formBody) {
        return TwilioSignature.sign(authToken, url, parse(formBody));
    }

    /** The parameters of a form body, decoded. */
    public static Map<String, String> parse(String formBody) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : formBody.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
