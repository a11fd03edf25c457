package org.tocsin.twiliosim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tocsin.twiliosim.http.HttpExchanges;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's own API under {@code /sim/}, mirroring {@link TwilioSimulator}'s Java methods:
 * {@code POST /sim/inbound}, {@code GET /sim/messages?to=}, {@code GET /sim/refused?to=},
 * {@code GET|POST /sim/behaviour},
 * {@code POST /sim/reset}. Bad input is answered 400 with {@code {"error": "..."}}.
 */
final class ControlApi implements HttpHandler {

    static final String PREFIX = "/sim/";

    private static final Set<String> INBOUND_FIELDS = Set.of("from", "to", "body");
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("latencyMillis", "apiLatencyMillis", "failureRate",
            "undeliveredRate", "throttleRate", "errorCode", "perSenderMps", "callbacks");

    private static final System.Logger LOG = System.getLogger(ControlApi.class.getName());

    private final TwilioSimulator simulator;

    ControlApi(TwilioSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (BadRequest | IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
        } catch (HttpExchanges.BodyTooLargeException e) {
            error(exchange, 413, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "control API request failed", e);
            error(exchange, 500, "internal error: " + e);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String resource = exchange.getRequestURI().getPath().substring(PREFIX.length());
        switch (resource) {
            case "inbound" -> {
                if (allowed(exchange, "POST")) {
                    inbound(exchange);
                }
            }
            case "messages" -> {
                if (allowed(exchange, "GET")) {
                    messages(exchange);
                }
            }
            case "refused" -> {
                if (allowed(exchange, "GET")) {
                    refused(exchange);
                }
            }
            case "behaviour" -> {
                if (HttpExchanges.methodIs(exchange, "POST")) {
                    simulator.behaviour(mergeBehaviour(simulator.behaviour(), readObject(exchange)));
                    HttpExchanges.sendJson(exchange, 200, behaviourJson(simulator.behaviour()));
                } else if (allowed(exchange, "GET", "POST")) {
                    HttpExchanges.sendJson(exchange, 200, behaviourJson(simulator.behaviour()));
                }
            }
            case "reset" -> {
                if (allowed(exchange, "POST")) {
                    simulator.reset();
                    HttpExchanges.sendEmpty(exchange, 204);
                }
            }
            default -> error(exchange, 404, "no control resource " + exchange.getRequestURI().getPath()
                    + "; try /sim/inbound, /sim/messages, /sim/refused, /sim/behaviour or /sim/reset");
        }
    }

    private void inbound(HttpExchange exchange) throws IOException {
        JsonNode json = readObject(exchange);
        rejectUnknown(json, INBOUND_FIELDS);
        String from = text(json, "from");
        String to = text(json, "to");
        String body = text(json, "body");
        InboundResult result = simulator.sendInbound(from, to, body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageSid", result.messageSid());
        answer.put("webhookStatus", result.webhookStatus());
        HttpExchanges.sendJson(exchange, 200, answer);
    }

    private void messages(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> answer = simulator.sentMessages(toParameter(exchange)).stream()
                .map(ControlApi::messageJson)
                .toList();
        HttpExchanges.sendJson(exchange, 200, answer);
    }

    private void refused(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> answer = simulator.refusedSends(toParameter(exchange)).stream()
                .map(ControlApi::refusedJson)
                .toList();
        HttpExchanges.sendJson(exchange, 200, answer);
    }

    /** The {@code to} query parameter, {@code null} when absent or blank. */
    private static String toParameter(HttpExchange exchange) {
        String to = HttpExchanges.query(exchange).get("to");
        if (to != null && to.startsWith(" ")) {
            to = "+" + to.substring(1); // an unencoded '+' arrives as a space
        }
        return to == null || to.isBlank() ? null : to.strip();
    }

    private static Map<String, Object> messageJson(SimulatedMessage message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", message.sid());
        json.put("to", message.to());
        json.put("from", message.from());
        json.put("messagingServiceSid", message.messagingServiceSid());
        json.put("body", message.body());
        json.put("status", message.status());
        json.put("segments", message.segments());
        json.put("errorCode", message.errorCode());
        json.put("time", message.createdAt().toString());
        json.put("sequence", message.sequence());
        return json;
    }

    private static Map<String, Object> refusedJson(RefusedSend send) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("to", send.to());
        json.put("from", send.from());
        json.put("messagingServiceSid", send.messagingServiceSid());
        json.put("body", send.body());
        json.put("httpStatus", send.httpStatus());
        json.put("errorCode", send.errorCode());
        json.put("time", send.refusedAt().toString());
        json.put("sequence", send.sequence());
        return json;
    }

    static Map<String, Object> behaviourJson(Behaviour behaviour) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("latencyMillis", behaviour.latencyMillis());
        json.put("apiLatencyMillis", behaviour.apiLatencyMillis());
        json.put("failureRate", behaviour.failureRate());
        json.put("undeliveredRate", behaviour.undeliveredRate());
        json.put("throttleRate", behaviour.throttleRate());
        json.put("errorCode", behaviour.errorCode());
        json.put("perSenderMps", behaviour.perSenderMps());
        json.put("callbacks", behaviour.callbacks());
        return json;
    }

    /** The current behaviour with the fields present in {@code json} replaced; absent ones stay. */
    static Behaviour mergeBehaviour(Behaviour current, JsonNode json) {
        rejectUnknown(json, BEHAVIOUR_FIELDS);
        Behaviour merged = current;
        if (json.has("latencyMillis")) {
            merged = merged.withLatencyMillis(whole(json, "latencyMillis"));
        }
        if (json.has("apiLatencyMillis")) {
            merged = merged.withApiLatencyMillis(whole(json, "apiLatencyMillis"));
        }
        if (json.has("failureRate")) {
            merged = merged.withFailureRate(rate(json, "failureRate"));
        }
        if (json.has("undeliveredRate")) {
            merged = merged.withUndeliveredRate(rate(json, "undeliveredRate"));
        }
        if (json.has("throttleRate")) {
            merged = merged.withThrottleRate(rate(json, "throttleRate"));
        }
        if (json.has("errorCode")) {
            merged = merged.withErrorCode(json.get("errorCode").isNull() ? null : wholeInt(json, "errorCode"));
        }
        if (json.has("perSenderMps")) {
            merged = merged.withPerSenderMps(wholeInt(json, "perSenderMps"));
        }
        if (json.has("callbacks")) {
            JsonNode callbacks = json.get("callbacks");
            if (!callbacks.isBoolean()) {
                throw new BadRequest("callbacks must be true or false, was " + callbacks);
            }
            merged = merged.withCallbacks(callbacks.booleanValue());
        }
        return merged;
    }

    private static JsonNode readObject(HttpExchange exchange) throws IOException {
        byte[] body = HttpExchanges.readBody(exchange);
        if (body.length == 0) {
            throw new BadRequest("request body is empty; expected a JSON object");
        }
        JsonNode json;
        try {
            json = HttpExchanges.json().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return json;
    }

    private static void rejectUnknown(JsonNode json, Set<String> known) {
        for (String name : json.propertyNames()) {
            if (!known.contains(name)) {
                throw new BadRequest("unknown field '" + name + "'; known fields are " + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest(field + " is required");
        }
        if (!value.isString()) {
            throw new BadRequest(field + " must be a string, was " + value);
        }
        return value.stringValue();
    }

    private static long whole(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequest(field + " must be a whole number, was " + value);
        }
        return value.longValue();
    }

    private static int wholeInt(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequest(field + " must be a whole number, was " + value);
        }
        return value.intValue();
    }

    private static double rate(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!value.isNumber()) {
            throw new BadRequest(field + " must be a number between 0 and 1, was " + value);
        }
        return value.doubleValue();
    }

    private static boolean allowed(HttpExchange exchange, String... methods) throws IOException {
        if (HttpExchanges.methodIs(exchange, methods)) {
            return true;
        }
        String allow = String.join(", ", methods);
        exchange.getResponseHeaders().set("Allow", allow);
        error(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestURI().getPath()
                + "; use " + allow);
        return false;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        HttpExchanges.sendJson(exchange, status, Map.of("error", message));
    }

    /** Control input that cannot be applied; its message says why. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
