package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(RealInfrastructureExtension.class)
class KafkaTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static String bootstrapServers;

    @BeforeAll
    static void infrastructure(Infrastructure infrastructure) {
        bootstrapServers = infrastructure.kafkaBootstrapServers();
    }

    @Test
    void recordsProducedToANewTopicAreConsumedInOrderPerKey() throws Exception {
        String topic = TestInfrastructure.uniqueName("kit_records");
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(topic, "+447700900123", "message-" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("kit_group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = pollUntil(consumer, records -> records.size() >= 3);

            assertThat(received).extracting(ConsumerRecord::value).containsExactly("message-1", "message-2", "message-3");
            assertThat(received).extracting(ConsumerRecord::key).containsOnly("+447700900123");
        }
        // created on first use, with the default partition count
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(8);
        }
    }

    @Test
    void committedTransactionsAreVisibleAndAbortedOnesAreNotToReadCommittedConsumers() throws Exception {
        String topic = TestInfrastructure.uniqueName("kit_transactions");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestInfrastructure.uniqueName("kit_tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        List<String> committedView = readAll(topic, "read_committed", "committed-2");
        List<String> uncommittedView = readAll(topic, "read_uncommitted", "committed-2");

        assertThat(committedView).containsExactly("committed-1", "committed-2");
        // the aborted record did reach the log: read_committed really filtered it out
        assertThat(uncommittedView).containsExactly("committed-1", "aborted", "committed-2");
    }

    @Test
    void kafkaInfoChatterIsTurnedDownWhileOtherInfoLogsStay() {
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.producer.ProducerConfig").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("kafka.server.BrokerServer").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.apache.kafka").isWarnEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.tocsin.testkit").isInfoEnabled()).isTrue();
    }

    private List<String> readAll(String topic, String isolationLevel, String lastValue) {
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return pollUntil(consumer, records -> !records.isEmpty() && records.getLast().value().equals(lastValue))
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.test(received)) {
            assertThat(System.nanoTime()).as("records within %s, got %s", DEADLINE, received).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        config.putAll(extra);
        return new KafkaConsumer<>(config);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
