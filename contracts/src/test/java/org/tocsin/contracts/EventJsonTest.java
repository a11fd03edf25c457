package org.tocsin.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void everyEventSurvivesARoundTrip() {
        var outbound = new OutboundMessageRequested("m-1", Lane.URGENT, Channel.SMS, "+447700900123", "Free Ana",
                "a-1", "s-1", Purpose.ALERT, AT, AT.plusSeconds(3600));
        List<Object> events = List.of(
                new InboundMessageReceived("SM1", "twilio", Channel.SMS, "+447700900123", "+15005550006", "JOIN", AT),
                outbound,
                new MessageStatusChanged("m-1", "SM2", "+447700900123", "a-1", "s-1", DeliveryStatus.DELIVERED, null, AT),
                new ConsentChanged("s-1", "+447700900123", ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED, "Ana",
                        "es", "STOP", AT),
                new OutboundMessageDeadLettered(outbound, "invalid number", "21211", 1, AT),
                new UrgentActionTriggered("a-1", List.of("l-1"), Channel.SMS, AT.plusSeconds(86400), "Thank you", "coord", AT),
                new UrgentActionCancelled("a-1", "coord", AT),
                new ResponseRecorded("a-1", "s-1", ResponseKind.YES, "yes!", "SM3", AT),
                new OptOutReportedByProvider("+447700900123", "twilio", "21610", AT),
                new ListChanged("l-1", "Urgent actions", true, AT));
        for (Object event : events) {
            assertThat(EventJson.read(EventJson.write(event), event.getClass())).isEqualTo(event);
        }
    }

    @Test
    void aReaderIgnoresFieldsItDoesNotKnow() {
        String json = """
                {"providerMessageId":"SM1","provider":"twilio","channel":"SMS","from":"+447700900123",
                 "to":"+15005550006","body":"STOP","receivedAt":"2026-11-21T10:15:30.123Z","addedLater":42}""";
        var event = EventJson.read(json.getBytes(StandardCharsets.UTF_8), InboundMessageReceived.class);
        assertThat(event.body()).isEqualTo("STOP");
        assertThat(event.receivedAt()).isEqualTo(AT);
    }

    @Test
    void onlyTerminalStatesAreTerminal() {
        assertThat(DeliveryStatus.QUEUED.terminal()).isFalse();
        assertThat(DeliveryStatus.SENT.terminal()).isFalse();
        assertThat(DeliveryStatus.DELIVERED.terminal()).isTrue();
        assertThat(DeliveryStatus.SUPPRESSED.terminal()).isTrue();
    }

    @Test
    void aRequestWithoutPurposeIsAnAlertAndOnlyAnOptOutConfirmationReachesTheOptedOut() {
        var request = new OutboundMessageRequested("m", Lane.URGENT, null, "+1", "x", null, null, null, AT, null);
        assertThat(request.purpose()).isEqualTo(Purpose.ALERT);
        assertThat(request.channel()).isEqualTo(Channel.SMS);
        assertThat(java.util.Arrays.stream(Purpose.values()).filter(Purpose::reachesOptedOut))
                .containsExactly(Purpose.OPT_OUT_CONFIRMATION);
    }

    @Test
    void consentIsKeyedBySupporterAndList() {
        var c = new ConsentChanged("s-9", "+33612345678", "l-2", ConsentState.SUBSCRIBED, null, "fr", "REJOINDRE", AT);
        assertThat(c.key()).isEqualTo("s-9/l-2");
        assertThat(Topics.COMPACTED).contains(Topics.CONSENT);
        assertThat(Topics.outbound(Lane.TRANSACTIONAL)).isNotEqualTo(Topics.outbound(Lane.URGENT));
    }
}
