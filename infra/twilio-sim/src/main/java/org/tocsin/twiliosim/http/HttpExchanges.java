package org.tocsin.twiliosim.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reading requests and writing JSON answers on the JDK HTTP server. */
public final class HttpExchanges {

    /** Largest request body read; Twilio's own limit for a message body is far below it. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private HttpExchanges() {
    }

    /** The simulator's one JSON mapper (field order as given, nulls written). */
    public static JsonMapper json() {
        return JSON;
    }

    /** Reads the whole request body, refusing one over {@link #MAX_BODY_BYTES}. */
    public static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
            return body;
        }
    }

    /** The decoded form body. */
    public static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        return FormEncoding.decode(new String(readBody(exchange), StandardCharsets.UTF_8));
    }

    /** The decoded query string. */
    public static Map<String, String> query(HttpExchange exchange) {
        return FormEncoding.decode(exchange.getRequestURI().getRawQuery());
    }

    /** Writes {@code body} as JSON with {@code status} and closes the exchange. */
    public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    /** Writes an answer without a body and closes the exchange. */
    public static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Writes {@code body} with its content type and closes the exchange. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Whether the request method is one of {@code methods}. */
    public static boolean methodIs(HttpExchange exchange, String... methods) {
        return Arrays.asList(methods).contains(exchange.getRequestMethod());
    }

    /** A request body over {@link #MAX_BODY_BYTES}. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
    }
}
