package org.tocsin.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls a running service over real HTTP, optionally as an API user (HTTP Basic) and with extra headers. */
public final class ServiceProbe {

    /** What came back. */
    public record Reply(int status, String contentType, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Map<String, String> headers;

    private ServiceProbe(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.headers = Map.copyOf(headers);
    }

    /** Anonymous calls to {@code http://127.0.0.1:port}. */
    public static ServiceProbe local(int port) {
        return at("http://127.0.0.1:" + port);
    }

    /** Anonymous calls to a base URL. */
    public static ServiceProbe at(String baseUrl) {
        return new ServiceProbe(baseUrl, Map.of());
    }

    /** The same service, called as this user. */
    public ServiceProbe as(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withHeader("Authorization", "Basic " + token);
    }

    /** The same service, with one more header on every call (e.g. {@code Idempotency-Key}). */
    public ServiceProbe withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ServiceProbe(baseUrl, more);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply postJson(String path, String json) {
        return sendJson("POST", path, json);
    }

    public Reply patchJson(String path, String json) {
        return sendJson("PATCH", path, json);
    }

    private Reply sendJson(String method, String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder;
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
