package org.tocsin.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.tocsin.contracts.EventJson;

/**
 * Reads an event written by {@link EventSerializer}. Only classes of the contracts package are
 * ever instantiated, whatever a header says.
 */
public class EventDeserializer implements Deserializer<Object> {

    private static final String CONTRACTS_PACKAGE = "org.tocsin.contracts.";
    private final ConcurrentMap<String, Class<?>> types = new ConcurrentHashMap<>();

    @Override
    public Object deserialize(String topic, byte[] data) {
        throw new SerializationException("An event on " + topic + " has no " + EventSerializer.TYPE_HEADER + " header");
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        Header header = headers.lastHeader(EventSerializer.TYPE_HEADER);
        if (header == null) {
            return deserialize(topic, data);
        }
        Class<?> type = types.computeIfAbsent(new String(header.value(), StandardCharsets.UTF_8), EventDeserializer::contractsClass);
        try {
            return EventJson.read(data, type);
        } catch (RuntimeException e) {
            throw new SerializationException("Unreadable " + type.getSimpleName() + " on " + topic, e);
        }
    }

    private static Class<?> contractsClass(String simpleName) {
        if (!simpleName.matches("[A-Z][A-Za-z0-9]*")) {
            throw new SerializationException("Not an event type name: " + simpleName);
        }
        try {
            Class<?> type = Class.forName(CONTRACTS_PACKAGE + simpleName);
            if (!type.isRecord()) {
                throw new SerializationException("Not an event record: " + simpleName);
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new SerializationException("Unknown event type " + simpleName, e);
        }
    }
}
