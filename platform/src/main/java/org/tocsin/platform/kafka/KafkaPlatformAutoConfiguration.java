package org.tocsin.platform.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.tocsin.contracts.Topics;

/** Declares every Tocsin topic (created at start-up when missing) and reports Kafka's health. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaPlatformAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics tocsinTopics(KafkaTopicsProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream().map(name -> topic(name, properties)).toArray(NewTopic[]::new));
    }

    private static NewTopic topic(String name, KafkaTopicsProperties properties) {
        TopicBuilder builder = TopicBuilder.name(name)
                .partitions(properties.partitions())
                .replicas(properties.replicationFactor());
        if (Topics.COMPACTED.contains(name)) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return builder.build();
    }

    // One admin client for the health checks, not one per probe.
    @Bean(destroyMethod = "close")
    AdminClient tocsinHealthAdminClient(KafkaAdmin admin) {
        return AdminClient.create(admin.getConfigurationProperties());
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(AdminClient tocsinHealthAdminClient) {
        Duration timeout = Duration.ofSeconds(3);
        return () -> {
            try {
                var cluster = tocsinHealthAdminClient.describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
                int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return Health.down(e).build();
            }
        };
    }
}
