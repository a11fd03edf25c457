package org.tocsin.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.InboundMessageReceived;

class EventSerdeTest {

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();

    @Test
    void anEventComesBackAsTheSameRecordType() {
        var event = new InboundMessageReceived("SM1", "twilio", Channel.SMS, "+447700900123", "+15005550006",
                "JOIN Maria", Instant.parse("2026-11-21T10:00:00Z"));
        var headers = new RecordHeaders();

        byte[] bytes = serializer.serialize("t", headers, event);

        assertThat(new String(headers.lastHeader(EventSerializer.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("InboundMessageReceived");
        assertThat(deserializer.deserialize("t", headers, bytes)).isEqualTo(event);
    }

    @Test
    void refusesTypesOutsideTheContracts() {
        var headers = new RecordHeaders();
        headers.add(EventSerializer.TYPE_HEADER, "java.lang.ProcessBuilder".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> deserializer.deserialize("t", headers, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Not an event type name");

        var unknown = new RecordHeaders();
        unknown.add(EventSerializer.TYPE_HEADER, "Topics".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> deserializer.deserialize("t", unknown, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Not an event record");
    }

    @Test
    void aRecordWithoutTypeHeaderIsAClearError() {
        assertThatThrownBy(() -> deserializer.deserialize("tocsin.inbound.v1", new RecordHeaders(), new byte[] {'{', '}'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("tocsin.inbound.v1");
    }
}
