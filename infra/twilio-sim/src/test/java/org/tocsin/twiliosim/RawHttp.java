package org.tocsin.twiliosim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.tocsin.twiliosim.http.FormEncoding;
import org.tocsin.twiliosim.http.HttpExchanges;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to the simulator, to see exactly what goes over the wire. */
final class RawHttp {

    /** An answer: status, raw body, and the body as JSON (or null when it is not JSON). */
    record Reply(int status, String body, JsonNode json) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String authorization;

    RawHttp(String baseUrl, String accountSid, String authToken) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    static RawHttp of(TwilioSimulator simulator) {
        return new RawHttp(simulator.baseUrl(), simulator.config().accountSid(), simulator.config().authToken());
    }

    String messagesPath(TwilioSimulator simulator) {
        return "/2010-04-01/Accounts/" + simulator.config().accountSid() + "/Messages.json";
    }

    Reply postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(form))));
    }

    Reply postFormWithoutAuth(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(form))));
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header("Authorization", authorization)
                .GET());
    }

    Reply postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", authorization)
                .DELETE());
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = null;
            if (body != null && !body.isBlank()
                    && response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = HttpExchanges.json().readTree(body);
            }
            return new Reply(response.statusCode(), body, json);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
