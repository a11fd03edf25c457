package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The /sim/ control API over HTTP. */
class ControlApiTest {

    private static WebhookReceiver gateway;
    private static TwilioSimulator simulator;
    private static RawHttp http;

    @BeforeAll
    static void start() throws Exception {
        gateway = new WebhookReceiver();
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl(gateway.url("/webhooks/twilio/inbound")));
        http = RawHttp.of(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
        gateway.close();
    }

    @BeforeEach
    void reset() {
        assertThat(http.post("/sim/reset").status()).isEqualTo(204);
    }

    private void send(String to, String body) {
        assertThat(attempt(to, body)).isEqualTo(201);
    }

    /** The Messages API's HTTP status for a send. */
    private int attempt(String to, String body) {
        return http.postForm(http.messagesPath(simulator), Map.of("To", to, "From", "+15005550006", "Body", body))
                .status();
    }

    @Test
    void inboundDeliversASignedWebhookAndAnswersItsSidAndStatus() {
        RawHttp.Reply reply = http.postJson("/sim/inbound",
                "{\"from\":\"+447700900801\",\"to\":\"+15005550006\",\"body\":\"JOIN\"}");

        assertThat(reply.status()).isEqualTo(200);
        String sid = reply.json().get("messageSid").stringValue();
        assertThat(sid).matches("SM[0-9a-f]{32}");
        assertThat(reply.json().get("webhookStatus").intValue()).isEqualTo(200);
        assertThat(gateway.forMessage(sid)).singleElement()
                .satisfies(webhook -> assertThat(webhook.params()).containsEntry("Body", "JOIN"));
    }

    @Test
    void messagesListsWhatTheSystemSentFilteredByRecipient() {
        send("+447700900811", "first");
        send("+447700900812", "other");
        send("+447700900811", "Ж".repeat(71));

        RawHttp.Reply all = http.get("/sim/messages");
        assertThat(all.json()).hasSize(3);

        RawHttp.Reply filtered = http.get("/sim/messages?to=%2B447700900811");
        assertThat(filtered.status()).isEqualTo(200);
        JsonNode messages = filtered.json();
        assertThat(messages).hasSize(2);
        JsonNode first = messages.get(0);
        assertThat(first.get("sid").stringValue()).startsWith("SM");
        assertThat(first.get("to").stringValue()).isEqualTo("+447700900811");
        assertThat(first.get("from").stringValue()).isEqualTo("+15005550006");
        assertThat(first.get("body").stringValue()).isEqualTo("first");
        assertThat(first.get("status").stringValue()).isIn("queued", "sent", "delivered");
        assertThat(first.get("segments").intValue()).isEqualTo(1);
        assertThat(first.get("time").stringValue()).isNotBlank();
        assertThat(messages.get(1).get("segments").intValue()).isEqualTo(2);

        assertThat(http.get("/sim/messages?to=+447700900811").json())
                .as("an unencoded + in the query is tolerated").hasSize(2);
        assertThat(messages.get(1).get("sequence").longValue()).isGreaterThan(first.get("sequence").longValue());
    }

    @Test
    void refusedListsTheSendsTheMessagesApiRefused() {
        send("+447700900821", "accepted");
        http.postJson("/sim/behaviour", "{\"throttleRate\":1.0}");
        assertThat(attempt("+447700900821", "throttled")).isEqualTo(429);
        assertThat(attempt("+447700900822", "to someone else")).isEqualTo(429);

        RawHttp.Reply refused = http.get("/sim/refused?to=%2B447700900821");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json()).singleElement().satisfies(json -> {
            assertThat(json.get("body").stringValue()).isEqualTo("throttled");
            assertThat(json.get("from").stringValue()).isEqualTo("+15005550006");
            assertThat(json.get("httpStatus").intValue()).isEqualTo(429);
            assertThat(json.get("errorCode").intValue()).isEqualTo(20429);
            assertThat(json.get("time").stringValue()).isNotBlank();
            assertThat(json.get("sequence").longValue())
                    .isGreaterThan(http.get("/sim/messages").json().get(0).get("sequence").longValue());
        });
        assertThat(http.get("/sim/refused").json()).hasSize(2);
        assertThat(http.get("/sim/messages").json()).hasSize(1);
    }

    @Test
    void behaviourIsReadAndPartlyUpdated() {
        RawHttp.Reply initial = http.get("/sim/behaviour");
        assertThat(initial.status()).isEqualTo(200);
        assertThat(initial.json().get("callbacks").booleanValue()).isTrue();
        assertThat(initial.json().get("perSenderMps").intValue()).isZero();

        RawHttp.Reply updated = http.postJson("/sim/behaviour",
                "{\"latencyMillis\":5,\"failureRate\":0.1,\"undeliveredRate\":0.2,\"throttleRate\":0.05,"
                        + "\"errorCode\":30007,\"perSenderMps\":3,\"callbacks\":false}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(simulator.behaviour()).isEqualTo(new Behaviour(5, 0.1, 0.2, 0.05, 30007, 3, false, 0));

        http.postJson("/sim/behaviour", "{\"perSenderMps\":1,\"errorCode\":null}");
        assertThat(simulator.behaviour()).isEqualTo(new Behaviour(5, 0.1, 0.2, 0.05, null, 1, false, 0));
        assertThat(http.get("/sim/behaviour").json().get("perSenderMps").intValue()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/sim/behaviour | {\"failureRate\": 1.5}                  | failureRate",
        "/sim/behaviour | {\"failureRate\":0.6,\"undeliveredRate\":0.6} | must not exceed 1",
        "/sim/behaviour | {\"latencyMillis\": -1}                 | latencyMillis",
        "/sim/behaviour | {\"latencyMillis\": \"fast\"}           | latencyMillis",
        "/sim/behaviour | {\"perSenderMps\": 2.5}                 | perSenderMps",
        "/sim/behaviour | {\"callbacks\": \"yes\"}                | callbacks",
        "/sim/behaviour | {\"latency\": 5}                        | unknown field 'latency'",
        "/sim/behaviour | {not json                              | not valid JSON",
        "/sim/behaviour | [1,2]                                  | JSON object",
        "/sim/inbound   | {\"from\":\"+447700900801\",\"to\":\"+15005550006\"} | body is required",
        "/sim/inbound   | {\"from\":\"07700900801\",\"to\":\"+15005550006\",\"body\":\"x\"} | from must be an E.164",
        "/sim/inbound   | {\"from\":1,\"to\":\"+15005550006\",\"body\":\"x\"} | from must be a string",
        "/sim/inbound   | {\"form\":\"+447700900801\"}           | unknown field 'form'",
        "/sim/inbound   | ``                                     | JSON object",
    })
    void badControlInputIs400SayingWhatWasWrong(String path, String json, String complaint) {
        Behaviour before = simulator.behaviour();
        RawHttp.Reply reply = http.postJson(path, json);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").stringValue()).contains(complaint);
        assertThat(simulator.behaviour()).isEqualTo(before);
    }

    @Test
    void resetForgetsMessagesAndRestoresTheDefaultBehaviour() {
        send("+447700900821", "hello");
        http.postJson("/sim/behaviour", "{\"failureRate\":1}");

        assertThat(http.post("/sim/reset").status()).isEqualTo(204);

        assertThat(http.get("/sim/messages").json()).isEmpty();
        assertThat(simulator.behaviour()).isEqualTo(Behaviour.defaults());
    }

    @Test
    void unknownResourcesAndWrongMethodsAreRefused() {
        assertThat(http.get("/sim/nothing").status()).isEqualTo(404);
        assertThat(http.get("/sim/reset").status()).isEqualTo(405);
        assertThat(http.get("/sim/inbound").status()).isEqualTo(405);
        assertThat(http.post("/sim/messages").status()).isEqualTo(405);
    }
}
