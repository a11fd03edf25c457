package org.tocsin.gateway.events;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes one event and waits until Kafka acknowledged it (the producer uses {@code acks=all}),
 * so a caller acknowledges its own input (a webhook, a consumed record) only once its event is durable.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Duration timeout;

    public EventPublisher(KafkaTemplate<String, Object> kafka,
                   @Value("${tocsin.gateway.publish-timeout:10s}") Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /**
     * Sends {@code event} to {@code topic} under {@code key} and waits for the broker's acknowledgement.
     *
     * @throws EventNotPublishedException when Kafka did not acknowledge it in time
     */
    public void publish(String topic, String key, Object event) {
        try {
            kafka.send(topic, key, event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotPublishedException(topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new EventNotPublishedException(topic, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** Kafka did not acknowledge an event: the caller must not acknowledge its input. */
    public static class EventNotPublishedException extends RuntimeException {
        EventNotPublishedException(String topic, Throwable cause) {
            super("Kafka did not acknowledge an event on " + topic, cause);
        }
    }
}
