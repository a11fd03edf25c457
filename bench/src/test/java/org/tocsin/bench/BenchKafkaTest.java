package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;

class BenchKafkaTest {

    @Test
    void aGroupStartedAtTheEndSkipsWhatWasThereAndLagsOnlyBehindWhatCameAfter() throws Exception {
        Infrastructure infra = TestInfrastructure.shared();
        String topic = TestInfrastructure.uniqueName("bench_kafka");
        String group = TestInfrastructure.uniqueName("bench_group");
        try (Admin admin = BenchKafka.admin(infra); KafkaProducer<String, Object> producer = BenchKafka.producer(infra)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "before-" + i, "earlier")).get();
            }

            Map<TopicPartition, Long> skipped = BenchKafka.startGroupAtEnd(infra, group);

            assertThat(skipped.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(Map.Entry::getValue).sum()).isEqualTo(5);
            assertThat(BenchKafka.lag(admin, group, List.of(topic))).isZero();
            producer.send(new ProducerRecord<>(topic, "after", "later")).get();
            producer.send(new ProducerRecord<>(topic, "after-2", "later")).get();
            assertThat(BenchKafka.lag(admin, group, List.of(topic))).isEqualTo(2);
        }
    }
}
