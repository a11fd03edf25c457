package org.tocsin.dispatch.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.EventJson;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.dispatch.consent.Recipient;
import org.tocsin.dispatch.template.MessageTemplate;
import org.tocsin.dispatch.template.PersonalisationProperties;

/** The fan-out's hand-written JSON must read back, with EventJson, as the request the mapper would write. */
class AlertRequestJsonTest {

    private static final PersonalisationProperties PERSONALISATION = new PersonalisationProperties("friend", 20);

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("Hi {{first_name}}, Ana was detained today. Reply YES.", "Maria", Channel.SMS),
                Arguments.of("\"Quoted\" \\ backslash, tab\there, line\nbreak, {{first_name|friend}}", null, Channel.SMS),
                Arguments.of("Привет, {{first_name}}! Ответьте ДА \uD83D\uDE4F", "Анна", Channel.WHATSAPP),
                Arguments.of("Control \u0001 char and </script> for {{first_name}}", "\"Jo\" O'Neil", Channel.SMS));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void readsBackAsTheSameRequest(String body, String firstName, Channel channel) {
        UUID actionId = UUID.randomUUID();
        var action = new FanoutPages.Action(actionId, body, channel, List.of(UUID.randomUUID()), null, 0);
        MessageTemplate template = MessageTemplate.parse(body);
        Instant requestedAt = Instant.parse("2026-11-21T15:04:05.123456789Z");
        Instant notAfter = requestedAt.plusSeconds(4 * 3600);
        var json = new AlertRequestJson(action, template, PERSONALISATION, requestedAt, notAfter);

        for (Recipient recipient : List.of(new Recipient(UUID.randomUUID(), "+447700900123", firstName),
                new Recipient(UUID.randomUUID(), "+15005550006", firstName),
                new Recipient(UUID.randomUUID(), "+33612345678", "Zoë"))) {
            String messageId = FanoutPages.messageId(actionId, recipient.supporterId());
            var expected = new OutboundMessageRequested(messageId, Lane.URGENT, channel, recipient.phone(),
                    template.render(recipient.firstName(), PERSONALISATION), actionId.toString(),
                    recipient.supporterId().toString(), Purpose.ALERT, requestedAt, notAfter);

            assertThat(EventJson.read(json.write(messageId, recipient), OutboundMessageRequested.class))
                    .isEqualTo(expected)
                    .isEqualTo(EventJson.read(EventJson.write(expected), OutboundMessageRequested.class));
        }
    }

    @ParameterizedTest
    @CsvSource({"b8c8d5a4-5f0e-4c1b-9a51-2c3c9d7e8f10, 0f9e8d7c-6b5a-4948-8372-615243342516"})
    void messageIdsAreTheNameBasedUuidOfActionAndSupporter(UUID actionId, UUID supporterId) {
        assertThat(FanoutPages.messageId(actionId, supporterId)).isEqualTo(UUID.nameUUIDFromBytes(
                (actionId + ":" + supporterId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }
}
