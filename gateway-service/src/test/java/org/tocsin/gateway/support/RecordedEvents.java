package org.tocsin.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.tocsin.platform.kafka.EventDeserializer;
import org.tocsin.platform.kafka.KafkaTopicsProperties;

/**
 * Everything published to some topics since they were created, read by a plain consumer on its own
 * thread: tests assert on what really reached Kafka. Topics are shared by the test classes of a JVM,
 * so tests filter by the ids and phone numbers they made up.
 */
public final class RecordedEvents implements AutoCloseable {

    /** One record: its topic, key and event. */
    public record Recorded(String topic, String key, Object event) {
    }

    /**
     * The services' default, so a context started later finds what it would have made: with fewer, it
     * adds partitions this consumer, assigned before, never reads.
     */
    private static final int PARTITIONS = Integer.parseInt(KafkaTopicsProperties.DEFAULT_PARTITIONS);

    private final KafkaConsumer<String, Object> consumer;
    private final List<Recorded> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public RecordedEvents(String bootstrapServers, List<String> topics) {
        createMissing(bootstrapServers, topics);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = Thread.ofPlatform().daemon().name("recorded-events").start(this::poll);
    }

    /** A test without a Spring context has nobody to declare the topics: same partitions as the services declare. */
    private static void createMissing(String bootstrapServers, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> records.add(new Recorded(r.topic(), r.key(), r.value())));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Events of a type that match, in the order they were read. */
    public <T> List<T> all(Class<T> type, Predicate<T> filter) {
        return records.stream().map(Recorded::event).filter(type::isInstance).map(type::cast).filter(filter).toList();
    }

    /** Records (with topic and key) whose event is of a type and matches. */
    public <T> List<Recorded> recorded(Class<T> type, Predicate<T> filter) {
        return records.stream().filter(r -> type.isInstance(r.event()) && filter.test(type.cast(r.event()))).toList();
    }

    /** Waits until exactly one (or more) matching event arrived and returns the first. */
    public <T> T awaitOne(Class<T> type, Predicate<T> filter) {
        return awaitAtLeast(1, type, filter).getFirst();
    }

    public <T> List<T> awaitAtLeast(int count, Class<T> type, Predicate<T> filter) {
        Awaitility.await("at least " + count + " " + type.getSimpleName())
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> all(type, filter).size() >= count);
        return all(type, filter);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
