package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Bad send requests get Twilio's status and error code; list pages have Twilio's shape. */
class MessagesApiValidationTest {

    private static TwilioSimulator simulator;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        http = RawHttp.of(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static Map<String, String> valid() {
        Map<String, String> form = new HashMap<>();
        form.put("To", "+447700900701");
        form.put("From", "+15005550006");
        form.put("Body", "Urgent action");
        return form;
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "To                  | NULL                  | 21604",
        "To                  | ''                    | 21604",
        "To                  | 447700900701          | 21211",
        "To                  | +44 7700 900701       | 21211",
        "To                  | not-a-number          | 21211",
        "From                | NULL                  | 21603",
        "From                | +0123                 | 21212",
        "From                | sender-with-dashes    | 21212",
        "Body                | NULL                  | 21602",
        "Body                | ''                    | 21602",
        "StatusCallback      | not a url             | 21609",
        "StatusCallback      | ftp://example.org/cb  | 21609",
        "ValidityPeriod      | 0                     | 21624",
        "ValidityPeriod      | 36001                 | 21624",
        "ValidityPeriod      | soon                  | 21624",
        "MessagingServiceSid | MG123                 | 21701",
    })
    void refusesAnInvalidSendWithTwiliosCode(String field, String value, int code) {
        Map<String, String> form = valid();
        if (value == null) {
            form.remove(field);
        } else {
            form.put(field, value);
        }
        RawHttp.Reply reply = http.postForm(http.messagesPath(simulator), form);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").intValue()).isEqualTo(code);
        assertThat(reply.json().get("status").intValue()).isEqualTo(400);
        assertThat(reply.json().get("more_info").stringValue()).isEqualTo("https://www.twilio.com/docs/errors/" + code);
        assertThat(reply.json().get("message").stringValue()).isNotBlank();
        assertThat(simulator.sentMessages(null)).isEmpty();
    }

    @Test
    void refusesABodyOver1600Characters() {
        Map<String, String> form = valid();
        form.put("Body", "a".repeat(1601));
        assertThat(http.postForm(http.messagesPath(simulator), form).json().get("code").intValue()).isEqualTo(21617);
        form.put("Body", "a".repeat(1600));
        assertThat(http.postForm(http.messagesPath(simulator), form).status()).isEqualTo(201);
    }

    @Test
    void acceptsShortCodesAlphanumericSendersAndWhatsApp() {
        for (String from : new String[] {"89757", "Amnesty", "whatsapp:+15005550006"}) {
            Map<String, String> form = valid();
            form.put("From", from);
            if (from.startsWith("whatsapp:")) {
                form.put("To", "whatsapp:+447700900701");
            }
            RawHttp.Reply reply = http.postForm(http.messagesPath(simulator), form);
            assertThat(reply.status()).as(from).isEqualTo(201);
            assertThat(reply.json().get("from").stringValue()).isEqualTo(from);
        }
    }

    @Test
    void aSuccessfulSendHasTwiliosFields() {
        RawHttp.Reply reply = http.postForm(http.messagesPath(simulator), valid());

        assertThat(reply.status()).isEqualTo(201);
        JsonNode json = reply.json();
        assertThat(json.propertyNames()).containsExactly("account_sid", "api_version", "body", "date_created",
                "date_sent", "date_updated", "direction", "error_code", "error_message", "from",
                "messaging_service_sid", "num_media", "num_segments", "price", "price_unit", "sid", "status",
                "subresource_uris", "to", "uri");
        assertThat(json.get("sid").stringValue()).matches("SM[0-9a-f]{32}");
        assertThat(json.get("status").stringValue()).isEqualTo("queued");
        assertThat(json.get("num_segments").isString()).isTrue();
        assertThat(json.get("price").isNull()).isTrue();
        assertThat(json.get("error_code").isNull()).isTrue();
        assertThat(json.get("date_created").stringValue())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    }

    @Test
    void listsAPageInTwiliosShapeWithANextPage() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.postForm(http.messagesPath(simulator), valid()).status()).isEqualTo(201);
        }
        RawHttp.Reply first = http.get(http.messagesPath(simulator) + "?To=%2B447700900701&PageSize=2");

        assertThat(first.status()).isEqualTo(200);
        JsonNode page = first.json();
        assertThat(page.get("messages")).hasSize(2);
        assertThat(page.get("page").intValue()).isZero();
        assertThat(page.get("page_size").intValue()).isEqualTo(2);
        assertThat(page.get("start").intValue()).isZero();
        assertThat(page.get("end").intValue()).isEqualTo(1);
        assertThat(page.get("uri").stringValue()).isEqualTo(http.messagesPath(simulator)
                + "?To=%2B447700900701&PageSize=2&Page=0");
        assertThat(page.get("previous_page_uri").isNull()).isTrue();
        String next = page.get("next_page_uri").stringValue();
        assertThat(next).endsWith("PageSize=2&Page=1");

        JsonNode second = http.get(next).json();
        assertThat(second.get("messages")).hasSize(1);
        assertThat(second.get("next_page_uri").isNull()).isTrue();
        assertThat(second.get("previous_page_uri").stringValue()).endsWith("Page=0");
    }

    @Test
    void unknownResourcesAndMethodsAreRefusedLikeTwilio() {
        RawHttp.Reply unknownSid = http.get("/2010-04-01/Accounts/" + SimulatorConfig.DEFAULT_ACCOUNT_SID
                + "/Messages/SM" + "0".repeat(32) + ".json");
        assertThat(unknownSid.status()).isEqualTo(404);
        assertThat(unknownSid.json().get("code").intValue()).isEqualTo(20404);

        RawHttp.Reply unknownResource = http.get("/2010-04-01/Accounts/" + SimulatorConfig.DEFAULT_ACCOUNT_SID
                + "/Calls.json");
        assertThat(unknownResource.status()).isEqualTo(404);

        RawHttp.Reply delete = http.delete(http.messagesPath(simulator));
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.json().get("code").intValue()).isEqualTo(20004);
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfMessages() {
        try (TwilioSimulator small = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl(null).withMaxStoredMessages(3))) {
            RawHttp smallHttp = RawHttp.of(small);
            for (int i = 0; i < 5; i++) {
                Map<String, String> form = valid();
                form.put("Body", "n" + i);
                assertThat(smallHttp.postForm(smallHttp.messagesPath(small), form).status()).isEqualTo(201);
            }
            assertThat(small.sentMessages(null)).extracting(SimulatedMessage::body).containsExactly("n2", "n3", "n4");
        }
    }
}
