package org.tocsin.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.tocsin.contracts.EventJson;

/**
 * Writes a contracts event as JSON and names its type in the {@value #TYPE_HEADER} header, so a
 * consumer of a topic that carries several event types can read each.
 */
public class EventSerializer implements Serializer<Object> {

    /** Header holding the event's simple class name in {@code org.tocsin.contracts}. */
    public static final String TYPE_HEADER = "tocsin-event";

    @Override
    public byte[] serialize(String topic, Object event) {
        return event == null ? null : EventJson.write(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object event) {
        if (event == null) {
            return null;
        }
        headers.remove(TYPE_HEADER);
        headers.add(TYPE_HEADER, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        return EventJson.write(event);
    }
}
