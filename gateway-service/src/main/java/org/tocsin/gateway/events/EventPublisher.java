package org.tocsin.gateway.events;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes events and waits until Kafka acknowledged them (the producer uses {@code acks=all}), so a
 * caller acknowledges its own input (a webhook, a consumed record) only once its events are durable:
 * one at a time ({@link #publish}), or many and then all their acknowledgements at once
 * ({@link #publishAsync}, {@link #awaitAll}), which lets the producer batch them.
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

    /**
     * Sends {@code event} to {@code topic} under {@code key} without waiting: the future completes
     * when Kafka acknowledged it, or fails with {@link EventNotPublishedException}. Wait for it with
     * {@link #awaitAll} before acknowledging the input.
     */
    public CompletableFuture<Void> publishAsync(String topic, String key, Object event) {
        try {
            return kafka.send(topic, key, event).handle((result, error) -> {
                if (error != null) {
                    throw new EventNotPublishedException(topic,
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                }
                return null;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new EventNotPublishedException(topic, e));
        }
    }

    /**
     * Waits until every one of {@code pending} completed, up to the publish timeout from now.
     *
     * @throws EventNotPublishedException when one was not acknowledged, or not all completed in time;
     *                                     what a future failed with when it failed otherwise
     */
    public void awaitAll(Collection<? extends CompletableFuture<?>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotPublishedException("(several)", e);
        } catch (ExecutionException e) {
            // what a caller chained after an acknowledgement (e.g. a Redis write) fails with its own exception
            throw e.getCause() instanceof RuntimeException failure
                    ? failure : new EventNotPublishedException("(several)", e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotPublishedException("(several)", e);
        }
    }

    /** Kafka did not acknowledge an event: the caller must not acknowledge its input. */
    public static class EventNotPublishedException extends RuntimeException {
        EventNotPublishedException(String topic, Throwable cause) {
            super("Kafka did not acknowledge an event on " + topic, cause);
        }
    }
}
