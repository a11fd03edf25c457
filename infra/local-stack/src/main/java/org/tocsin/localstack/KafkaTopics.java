package org.tocsin.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.tocsin.contracts.Topics;

/** Creates Tocsin's topics before the services start, so none of them depends on auto-creation. */
final class KafkaTopics {

    private KafkaTopics() {
    }

    /** What happened to the topics: the ones created now and the ones that were there already (external Kafka). */
    record Outcome(List<String> created, List<String> existing) {
    }

    static Outcome create(String bootstrapServers, int partitions) throws InterruptedException {
        List<NewTopic> topics = Topics.ALL.stream().map(name -> newTopic(name, partitions)).toList();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "tocsin-local-stack",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(adminConfig)) {
            var results = admin.createTopics(topics).values();
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + entry.getKey()
                                + " on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    existing.add(entry.getKey());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not create topic "
                            + entry.getKey() + " within 60 s", e);
                }
            }
            return new Outcome(List.copyOf(created), List.copyOf(existing));
        }
    }

    static NewTopic newTopic(String name, int partitions) {
        // replication factor: the broker's default, so an external multi-broker cluster gets its usual one
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
        if (Topics.COMPACTED.contains(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
