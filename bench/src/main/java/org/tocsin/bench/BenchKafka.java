package org.tocsin.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tocsin.platform.kafka.EventDeserializer;
import org.tocsin.platform.kafka.EventSerializer;
import org.tocsin.testkit.Infrastructure;

/** Kafka clients of the driver for the inbound workloads (W3, opt-out). */
final class BenchKafka {

    private BenchKafka() {
    }

    /** An idempotent producer with {@code acks=all} and no linger: the driver queues one record at a time. */
    static KafkaProducer<String, Object> producer(Infrastructure infra) {
        return producer(infra, 0, 16_384);
    }

    /** The same, batching: for queueing many requests at once. */
    static KafkaProducer<String, Object> bulkProducer(Infrastructure infra) {
        return producer(infra, 5, 65_536);
    }

    private static KafkaProducer<String, Object> producer(Infrastructure infra, int lingerMs, int batchBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchBytes));
        return new KafkaProducer<>(p);
    }

    /** A consumer of every partition of {@code topic}, positioned at its end before this returns. */
    static KafkaConsumer<String, Object> consumerAtEnd(Infrastructure infra, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now, before anything is produced
        return consumer;
    }

    /**
     * Commits {@code group}'s offsets at each partition's last stable offset, before any member joins:
     * a service started with it reads only what is produced from now on, never the records of earlier
     * workloads. Returns the offsets committed.
     */
    static Map<TopicPartition, Long> startGroupAtEnd(Infrastructure infra, String group) throws Exception {
        try (Admin admin = admin(infra)) {
            Map<TopicPartition, Long> ends = endOffsets(admin, admin.listTopics().names().get());
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            ends.forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
            return ends;
        }
    }

    /** Each partition's last stable offset (what a read_committed consumer reads up to) on {@code topics}. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    static Admin admin(Infrastructure infra) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
    }

    /**
     * Records of {@code topics} that consumer group {@code group} has not committed yet (its lag);
     * a partition it never committed counts from offset 0.
     */
    static long lag(Admin admin, String group, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var end : endOffsets(admin, topics).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the lag of " + group, e.getCause());
        }
    }

    /** Waits until {@code group} has committed everything on {@code topics}; returns how long it took. */
    static Duration awaitCaughtUp(Admin admin, String group, List<String> topics, Duration timeout) {
        long start = System.nanoTime();
        Poll.until(group + " caught up on " + topics, timeout, () -> lag(admin, group, topics) == 0);
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
