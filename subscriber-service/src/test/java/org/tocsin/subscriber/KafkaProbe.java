package org.tocsin.subscriber;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.tocsin.testkit.TestInfrastructure;

/**
 * The test's side of Kafka: produces the service's inputs and records everything that appears on
 * the topics the service writes to. Topics are shared by every test class of the JVM, so callers
 * filter by the unique phone numbers and ids their test created.
 */
final class KafkaProbe implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final KafkaConsumer<String, Object> consumer;
    private final List<ConsumerRecord<String, Object>> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;

    private KafkaProbe(KafkaProperties kafka, List<String> topics) {
        this.producer = new KafkaProducer<>(kafka.buildProducerProperties());
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("subscriber_probe"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config);
        this.poller = Thread.ofPlatform().daemon().name("kafka-probe").unstarted(() -> poll(topics));
        poller.start();
    }

    static KafkaProbe start(KafkaProperties kafka, String... topics) {
        return new KafkaProbe(kafka, List.of(topics));
    }

    private void poll(List<String> topics) {
        try {
            consumer.subscribe(topics);
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Produces one event and waits until Kafka has it. */
    void send(String topic, String key, Object event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, event)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the test's event", e);
        }
    }

    /** Every value of {@code type} seen on {@code topic} so far that matches. */
    <T> List<T> seen(String topic, Class<T> type, Predicate<T> matching) {
        return seen.stream()
                .filter(r -> r.topic().equals(topic) && type.isInstance(r.value()))
                .map(r -> type.cast(r.value()))
                .filter(matching)
                .toList();
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
